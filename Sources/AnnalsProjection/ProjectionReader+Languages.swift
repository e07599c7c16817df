extension ProjectionReader {
    /// The quote languages and translations of the citations of the events taking a stance on or
    /// assessing claim `id` (or of every event, when nil), in log and citation order.
    public func quoteLanguages(ofClaim id: String? = nil) throws -> [QuoteLanguageRow] {
        try within { ctx in
            let d: SQLDialect = ctx.isPostgres ? .postgres : .sqlite
            let claim = id == nil ? "" : "AND c.event_seq IN (SELECT event_seq FROM claim_history WHERE claim_id = ?)"
            return try ctx.rows(
                """
                SELECT c.event_seq, e.id AS event_id, c.position, s.url, c.quote, c.quote_lang, c.translations
                FROM event_source_versions c JOIN events e ON e.seq = c.event_seq
                JOIN sources s ON s.id = c.source_id
                WHERE \(d.known("c")) AND \(d.applied("c.event_seq"))
                  AND (c.quote_lang IS NOT NULL OR c.translations IS NOT NULL) \(claim)
                ORDER BY c.event_seq, c.position
                """, id.map { [$0] } ?? [])
        }
    }
}
