import GRDB

/// One read transaction of a projection, on either engine: the read queries run through it, so
/// their text is written once (with `?` placeholders and SQL both engines take) and decoded
/// into the same typed rows.
enum ReadContext {
    case sqlite(Database)
    case postgres(PostgresReadSource)

    /// Whether the rows come from PostgreSQL (for the few fragments the dialects spell differently).
    var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// Decodes every row of `sql` as `Entry`, after checking the statement returns exactly the
    /// columns `Entry` names, in order (a column renamed in the schema fails here, never reads as NULL).
    func rows<Entry: ProjectionRow>(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws
        -> [Entry]
    {
        switch self {
        case .sqlite(let db):
            return try ProjectionReader.rows(db, sql, StatementArguments(arguments))
        case .postgres(let pg):
            let answer = try pg.run(sql, arguments)
            guard answer.columns == Entry.columnNames else {
                throw ProjectionError.columnsDiffer(
                    type: "\(Entry.self)", columns: answer.columns, expected: Entry.columnNames)
            }
            return try PostgresValues.rows(answer).map { try Entry(row: $0) }
        }
    }

    /// Every row of `sql` as values in column order (for scalars and single columns).
    func values(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws -> [[DatabaseValue]] {
        switch self {
        case .sqlite(let db):
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                (0..<row.count).map { row[$0] as DatabaseValue }
            }
        case .postgres(let pg):
            let answer = try pg.run(sql, arguments)
            return answer.values.map { row in
                row.indices.map { PostgresValues.value(row[$0], type: answer.types[$0]) }
            }
        }
    }

    /// The first column of every row, as `Value` (NULLs left out).
    func column<Value: DatabaseValueConvertible>(
        _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = [], as _: Value.Type = Value.self
    ) throws -> [Value] {
        try values(sql, arguments).compactMap { $0.first.flatMap { Value.fromDatabaseValue($0) } }
    }

    /// A JSON array of one object per row of `from` (which must name its rows `alias`), in `order`:
    /// `json_group_array(json_object(…))` in SQLite, `json_agg(json_build_object(…) ORDER BY …)` in PostgreSQL.
    func jsonObjects(_ fields: [(String, String)], from: String, order: String) -> String {
        let pairs = fields.map { "'\($0.0)', \($0.1)" }.joined(separator: ", ")
        if isPostgres {
            return "(SELECT coalesce(json_agg(json_build_object(\(pairs)) ORDER BY \(order)), '[]') \(from))"
        }
        return "(SELECT json_group_array(json_object(\(pairs))) \(from))"
    }
}
