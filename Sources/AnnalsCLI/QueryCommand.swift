import Annals
import AnnalsCore
import ArgumentParser

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run one read-only SQL query against the projection database.",
        discussion: prose(
            """
            The views show the state at the moment given (--as-of, --known-at, --known-at-seq; \
            default now): events, entities, entity_aliases, event_actors, sources, event_sources, \
            claims, claim_history, bans, ban_targets, ban_items, ban_lifts, releases, timeline, \
            standing_events, claim_evidence, claim_standing, open_claims, ban_periods, release_list, \
            moment_events, search_rows. Base tables keep every version with known_from/known_until \
            seqs: event_versions, event_actor_versions, event_source_versions, and *_facts; \
            search (FTS5, rowid = event_versions.vid); moment; meta. Statements that write, ATTACH, \
            PRAGMA or load extensions are refused, and so are functions off the README's list \
            (e.g. randomblob, fts3_tokenizer); a value may be at most 16 MB and the query's memory \
            100 MB. With --projection (or $ANNALS_POSTGRES_URL) the query \
            is PostgreSQL SQL over the same views, run in a read-only transaction that is always \
            rolled back; there search.document \
            is a tsvector and the moment is in the settings annals.as_of and annals.known_seq.

            Example: annals query --as-of 2024-06-01 \
            "SELECT id, standing FROM claim_standing WHERE standing = 'disputed'"

            """)
    )
    @OptionGroup var options: ReadOptions
    @Argument(help: "The SQL query.") var sql: String
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Stop the query after this many seconds (0: never).", valueName: "seconds"))
    var timeout: Double = 10
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Show at most this many rows in text output (json and csv print every row; 0: no limit).",
            valueName: "rows"))
    var limit: Int = 1000

    func validate() throws {
        if timeout < 0 || !timeout.isFinite {
            throw ArgumentParser.ValidationError("--timeout must be 0 or more seconds")
        }
        if limit < 0 { throw ArgumentParser.ValidationError("--limit must be 0 or more rows") }
    }

    func run() throws {
        try perform {
            let (reader, state) = try options.open()
            guard options.format == .text else {
                var stream = TableRenderer.Stream(format: options.format, stamp: state)
                try reader.query(sql, timeout: timeout, columns: { stream.begin($0) }, row: { stream.row($0) })
                return stream.end()
            }
            let result = try reader.query(sql, timeout: timeout, maxRows: limit > 0 ? limit : nil)
            TableRenderer.render(result.table, format: options.format, width: options.width)
            if result.truncated {
                Terminal.note(
                    "showing the first \(result.table.rows.count) rows (text output holds at most \(limit) rows and "
                        + "\(Ledger.queryHeldBytes >> 20) MB); pass --limit N (0: no row limit) or --format csv|json "
                        + "for every row")
            }
        }
    }
}
