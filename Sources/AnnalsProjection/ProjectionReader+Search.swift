import AnnalsCore

extension ProjectionReader {
    /// Full-text search over titles, summaries and quotes, best match first (FTS5 bm25). The
    /// query, prepared by ``SearchText/prepare(_:)``, matches `search_terms` (the same text
    /// prepared the same way); snippets are shown in the original text.
    public func search(_ text: String, limit: Int = 50) throws -> [SearchHit] {
        // Each word is matched as a quoted phrase of its prepared terms (prefix allowed with a
        // trailing *), so user text never reaches FTS5's query syntax.
        let phrases = SearchText.phrases(text)
        guard !phrases.isEmpty else { throw ProjectionError.noSearchTerms(text) }
        if case .postgres(let pg) = source {
            return try searchPostgres(pg, phrases: phrases, limit: limit)
        }
        let rows: [SearchRow] = try within { ctx in
            try ctx.rows(
                """
                SELECT e.occurred, e.type, e.title,
                       snippet(search_terms, -1, char(1), char(2), char(3), 12) AS snippet,
                       e.id, e.status, round(bm25(search_terms), 3) AS rank, e.summary,
                       (SELECT group_concat(quote, char(10)) FROM (\(Self.versionQuotes) ORDER BY c.position)) AS quotes
                FROM search_terms JOIN moment_events e ON e.vid = search_terms.rowid
                WHERE search_terms MATCH ? AND e.status <> 'retracted'
                ORDER BY bm25(search_terms), e.seq
                LIMIT ?
                """, [SearchText.matchText(text), limit])
        }
        return rows.map { row in
            SearchHit(
                occurred: row.occurred, type: row.type, title: row.title,
                snippet: row.snippet.map { SearchSnippet.original($0, in: [row.title, row.summary, row.quotes]) },
                id: row.id, status: row.status, rank: row.rank)
        }
    }

    /// The quotes a version's full-text row holds: those of the citations current when it was
    /// superseded (or now, for a current version), in order (see `Snapshots.fillImpliedRows`).
    static let versionQuotes = """
        SELECT c.quote, c.position FROM event_source_versions c
        WHERE c.event_seq = e.seq AND c.quote IS NOT NULL
          AND CASE WHEN e.known_until IS NULL THEN c.known_until IS NULL
                   ELSE c.known_from < e.known_until AND (c.known_until IS NULL OR c.known_until >= e.known_until) END
        """

    /// `annals search` on PostgreSQL: every word must match the `document` tsvector (a phrase
    /// of its prepared terms, a prefix on the last for a word ending in `*`), ranked by
    /// `ts_rank` (negated, so lower is better as with bm25), with a `ts_headline` snippet of the
    /// original text. The matches are those of FTS5; ranks and snippets differ.
    func searchPostgres(_ pg: PostgresReadSource, phrases: [SearchText.Phrase], limit: Int) throws -> [SearchHit] {
        let quote = { (text: String) in
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
        }
        let arguments = phrases.map { $0.terms.map(quote).joined(separator: " <-> ") + ($0.prefix ? ":*" : "") }
        let queries = Array(repeating: "to_tsquery('simple', ?)", count: arguments.count)
        return try within { ctx in
            try ctx.rows(
                """
                SELECT e.occurred, e.type, e.title,
                       ts_headline('simple', concat_ws(' ', e.title, e.summary, coalesce(
                                   (SELECT string_agg(quote, E'\\n' ORDER BY position) FROM (\(Self.versionQuotes)) vq), '')),
                                   q, 'StartSel=[, StopSel=], MaxWords=12, MinWords=4') AS snippet,
                       e.id, e.status, round(-ts_rank(s.document, q)::numeric, 3)::float8 AS rank
                FROM search s JOIN moment_events e ON e.vid = s.vid,
                     (SELECT \(queries.joined(separator: " && ")) AS q) query
                WHERE s.document @@ q AND e.status <> 'retracted'
                ORDER BY ts_rank(s.document, q) DESC, e.seq
                LIMIT ?
                """, arguments + [String(limit)])
        }
    }
}
