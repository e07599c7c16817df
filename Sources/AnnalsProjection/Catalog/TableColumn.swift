/// One column of a projection table, declared once for both engines.
struct TableColumn: Sendable {
    let name: String
    let type: ColumnType
    let notNull: Bool
    /// Whether its values are unique (a key other than the primary key).
    let unique: Bool
    /// CHECK, DEFAULT and REFERENCES clauses, which only SQLite declares: PostgreSQL receives rows
    /// the SQLite projection already checked, in any order inside one transaction.
    let sqliteConstraints: String?
    /// A comment shown beside the column in SQLite's schema.
    let note: String?

    init(
        _ name: String, _ type: ColumnType, notNull: Bool = false, unique: Bool = false, sqlite: String? = nil,
        note: String? = nil
    ) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.unique = unique
        self.sqliteConstraints = sqlite
        self.note = note
    }

    /// A column that is never NULL.
    static func required(
        _ name: String, _ type: ColumnType, unique: Bool = false, sqlite: String? = nil, note: String? = nil
    ) -> TableColumn {
        TableColumn(name, type, notNull: true, unique: unique, sqlite: sqlite, note: note)
    }

    /// A column that may be NULL.
    static func optional(_ name: String, _ type: ColumnType, sqlite: String? = nil, note: String? = nil) -> TableColumn
    {
        TableColumn(name, type, sqlite: sqlite, note: note)
    }
}
