/// The projection database's schema in SQLite: STRICT tables rendered from ``Catalog``, and the
/// views of ``Views``.
///
/// It is bitemporal. The base tables hold every fact the log has ever stated, each with the seq
/// that made it known (`known_from`) and, for facts a correction or retraction superseded, the
/// seq that did (`known_until`). Facts no record can change (stances, bans, releases…) carry
/// the seq of their event. The one-row table `moment` says which state the views show: a
/// valid-time date (`as_of`, events that occurred later are left out) and a transaction-time
/// seq (`known_seq`, records after it are left out); NULL means no limit. The views keep the
/// names and columns the read commands and `annals query` have always used (`events`,
/// `timeline`, `claim_standing`…), so every read at any moment is a query, never a replay.
///
/// The database is derived data, rebuilt from the log whenever its version differs, so the
/// schema is the current one only, not a chain of migrations.
public enum Schema {
    /// Bumped whenever the database layout or the projection rules change: every older database
    /// is rebuilt. Version 3: bitemporal base tables behind moment views. Version 4: captures.
    /// Version 5: the DDL rendered from the catalog (same tables, columns, keys and views).
    /// Version 6: kept rows (`claim_standing_now`, `ban_periods_now`), indexes of bans and lifts by event.
    /// Version 7: quote languages and translations of sources, entity names in other languages.
    /// Version 8: `search_terms`, the full-text rows' text prepared by SearchText (every script).
    public static let version = 8
    /// The version of the state the views show (their columns and rules), which snapshots carry:
    /// a snapshot of another state version cannot be restored. Version 2: corroboration counts
    /// only the sources of first-hand assertions.
    public static let stateVersion = 2
    /// `PRAGMA application_id` of an Annals projection ("ANNL"), so a foreign database is never trusted.
    public static let applicationID: Int32 = 0x414E_4E4C

    /// The largest seq: the `known_seq` of "everything recorded".
    static let end = "9223372036854775807"
    /// The moment's transaction-time limit, as a scalar subquery.
    static let knownSeq = SQLDialect.sqlite.knownSeq

    /// Secondary indexes, which rebuilds and restores create after loading the rows (much faster
    /// than maintaining them row by row).
    static let indexes = Catalog.tables.flatMap(\.sqliteIndexes).joined(separator: "\n")

    /// The base tables, and the moment's one row.
    static let tables =
        Catalog.tables.map(\.sqliteDDL).joined(separator: "\n") + "\nINSERT INTO moment (id) VALUES (1);\n"

    /// The moment's table as a TEMP table, which a reader at another moment makes beside TEMP views.
    static let temporaryMoment =
        "CREATE TEMP TABLE moment ("
        + Catalog.moment.columns.map { column in
            column.name + " " + column.type.sqlite + (Catalog.moment.primaryKey == [column.name] ? " PRIMARY KEY" : "")
        }.joined(separator: ", ") + ")"

    /// The views, in the order they must be created (each may use those before it).
    static let views: [(name: String, body: String)] = Views.all.map { ($0.name, $0.sqliteBody) }
}
