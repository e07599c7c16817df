/// One view of the projection, written once against ``SQLDialect``; a view whose SQL truly
/// differs on PostgreSQL carries its own text there, and why.
struct View: Sendable {
    let name: String
    let sql: @Sendable (SQLDialect) -> String
    /// PostgreSQL's own text and the reason it differs (nil: the shared text).
    let postgres: (why: String, sql: @Sendable (SQLDialect) -> String)?

    init(_ name: String, _ sql: @escaping @Sendable (SQLDialect) -> String) {
        self.name = name
        self.sql = sql
        self.postgres = nil
    }

    init(
        _ name: String, _ sql: @escaping @Sendable (SQLDialect) -> String, postgres why: String,
        _ postgresSQL: @escaping @Sendable (SQLDialect) -> String
    ) {
        self.name = name
        self.sql = sql
        self.postgres = (why, postgresSQL)
    }

    /// The view's body in SQLite.
    var sqliteBody: String { sql(.sqlite) }

    /// The view's body in PostgreSQL.
    var postgresBody: String { (postgres?.sql ?? sql)(.postgres) }
}
