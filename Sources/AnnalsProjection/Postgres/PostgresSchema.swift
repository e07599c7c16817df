/// The PostgreSQL projection's schema: the base tables of ``Catalog`` in PostgreSQL's types, and
/// the same views (``PostgresViews``).
///
/// Text compares and sorts byte by byte (`COLLATE "C"`, as SQLite's BINARY), so every query
/// orders rows the same way on both. Valid-time days are `date`s, recorded and fetched times
/// `timestamptz`s, and the full-text index is a `tsvector` column with a GIN index. The moment
/// the views show comes from two settings, `annals.as_of` and `annals.known_seq` (unset: now),
/// so any client can look at any moment with `SET annals.as_of = '2025-01-01'`.
public enum PostgresSchema {
    /// Bumped with ``Schema/version`` or whenever this layout changes: an older schema is rebuilt
    /// (.2: the views and their moment functions).
    public static let version = "\(Schema.version).2"

    /// The tables PostgreSQL holds, in the order they are loaded.
    static let catalog = Catalog.tables.filter { $0.kind != .sqliteOnly && $0.kind != .derivedFullText }

    /// The tables, in the order they are loaded, with their columns as COPY sends them.
    static let tables: [(name: String, columns: [String])] = catalog.map { ($0.name, $0.columnNames) }

    /// The tables whose keys and indexes are made after their rows are loaded, in batches, most
    /// costly first so two connections share them evenly. A table in none (meta, written row by
    /// row with ON CONFLICT) has its key from the start.
    static let keyBatches: [[String]] = [
        ["event_versions"], ["search"], ["source_facts", "event_source_versions"], ["event_actor_versions"],
        ["claim_facts", "claim_history_facts"],
        [
            "ban_facts", "ban_target_facts", "ban_item_facts", "ban_lift_facts", "release_facts", "capture_facts",
            "entity_facts", "entity_alias_facts",
        ],
        Catalog.kept.map(\.name),
    ]

    /// The base tables. No foreign keys: the rows come from a projection that already holds
    /// them consistent, and a catch-up replaces rows in any order inside one transaction.
    static let ddl = catalog.map { table in
        table.postgresDDL(withKeys: !keyBatches.contains { $0.contains(table.name) })
    }.joined()

    /// The keys and indexes of each batch of tables, made after its rows are loaded (one sorted
    /// build instead of an insert per row); the full-text vectors' GIN index first, the costliest;
    /// and every table's statistics, without which the planner picks nested scans of whole
    /// tables for the views until autovacuum comes by (minutes per read at a million events).
    static let indexes: [String] =
        ["CREATE INDEX search_by_document ON search USING gin (document)"]
        + keyBatches.map { names in
            let batch = names.compactMap { name in catalog.first { $0.name == name } }
            let statements = batch.flatMap(\.postgresKeysAndIndexes) + batch.map { "ANALYZE \($0.name)" }
            return statements.joined(separator: ";\n")
        }
}
