/// What the views need to say differently on each engine: where the moment comes from and how
/// the full-text table names its key. The views are written once against it.
struct SQLDialect: Sendable {
    /// The moment's transaction-time limit (the largest seq when unset).
    let knownSeq: String
    /// The moment's valid-time limit (NULL when unset).
    let asOf: String
    /// The full-text table's key column (its vid).
    let fullTextKey: String

    /// SQLite reads the one-row `moment` table, as scalar subqueries (SQLite computes each once
    /// per statement, and a view whose FROM holds a single table can be flattened into any
    /// query, LEFT JOINs included).
    static let sqlite = SQLDialect(
        knownSeq: "(SELECT coalesce(known_seq, \(Schema.end)) FROM moment)", asOf: "(SELECT as_of FROM moment)",
        fullTextKey: "rowid")

    /// PostgreSQL reads the settings `annals.as_of` and `annals.known_seq` through two functions
    /// (see ``PostgresViews/functions``).
    static let postgres = SQLDialect(knownSeq: "annals_known_seq()", asOf: "annals_as_of()", fullTextKey: "vid")

    /// Whether the row aliased `alias` (with `known_from`, `known_until`) was the current one at the moment.
    func known(_ alias: String) -> String {
        "\(alias).known_from <= \(knownSeq) AND (\(alias).known_until IS NULL OR \(alias).known_until > \(knownSeq))"
    }

    /// Whether the event with seq `seq` is in the moment's state (for facts that never change).
    func applied(_ seq: String) -> String {
        "(\(asOf) IS NULL OR EXISTS (SELECT 1 FROM moment_events ae WHERE ae.seq = \(seq)))"
    }
}
