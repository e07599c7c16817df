/// The PostgreSQL projection's views: ``Views`` in PostgreSQL's dialect. The moment they show
/// comes from the settings `annals.as_of` and `annals.known_seq` (unset or empty: no limit),
/// read by two functions of the schema, `annals_as_of()` and `annals_known_seq()`.
enum PostgresViews {
    /// The functions the views read the moment with (STABLE and plain SQL, so the planner inlines them).
    static let functions = """
        CREATE FUNCTION annals_as_of() RETURNS date LANGUAGE sql STABLE
            AS $$ SELECT nullif(current_setting('annals.as_of', true), '')::date $$;
        CREATE FUNCTION annals_known_seq() RETURNS bigint LANGUAGE sql STABLE
            AS $$ SELECT coalesce(nullif(current_setting('annals.known_seq', true), '')::bigint,
                                  9223372036854775807) $$;
        """

    /// The views, in the order they must be created.
    static let all: [(name: String, body: String)] = Views.all.map { ($0.name, $0.postgresBody) }

    /// Creates the functions and the views in the connection's current schema (views bind to
    /// the functions and tables by OID, so the schema may be renamed afterwards).
    static func create(on pg: PostgresConnection) throws {
        try pg.execute(functions)
        for view in all { try pg.execute("CREATE VIEW \(view.name) AS\n\(view.body)") }
    }
}
