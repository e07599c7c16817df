/// One base table of the projection, declared once; ``Schema`` and ``PostgresSchema`` render it
/// for their engine.
struct BaseTable: Sendable {
    /// Where a table exists.
    enum Kind: Sendable {
        /// A table on both engines.
        case shared
        /// SQLite only (PostgreSQL reads the moment from settings instead).
        case sqliteOnly
        /// A full-text index: an FTS5 table whose rowid is the first column on SQLite, a table
        /// with a generated `tsvector` column on PostgreSQL.
        case fullText
        /// A full-text index SQLite derives from another (FTS5, filled beside it and again after a
        /// restore; never in snapshots); PostgreSQL has none.
        case derivedFullText
    }

    let name: String
    let kind: Kind
    /// Comment lines shown above the table in SQLite's schema.
    let note: [String]
    let columns: [TableColumn]
    let primaryKey: [String]
    let indexes: [TableIndex]

    init(
        _ name: String, _ kind: Kind = .shared, note: [String] = [], key primaryKey: [String], _ columns: [TableColumn],
        indexes: [TableIndex] = []
    ) {
        self.name = name
        self.kind = kind
        self.note = note
        self.columns = columns
        self.primaryKey = primaryKey
        self.indexes = indexes
    }

    /// The column names, in order (for PostgreSQL's COPY).
    var columnNames: [String] { columns.map(\.name) }
}
