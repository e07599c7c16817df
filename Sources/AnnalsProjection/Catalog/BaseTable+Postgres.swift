extension BaseTable {
    /// The table's CREATE statement in PostgreSQL, without keys unless `withKeys` (keys are
    /// added after loading, one sorted build instead of an insert per row). A full-text table
    /// gains `document`, the vector PostgreSQL's full-text search matches ('simple': no
    /// stemming, no stop words).
    func postgresDDL(withKeys: Bool) -> String {
        let width = columns.map(\.name.count).max() ?? 0
        var lines = columns.map { column in
            let padded = column.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "    \(padded) \(column.type.postgres)" + (column.notNull ? " NOT NULL" : "")
        }
        if kind == .fullText {
            let text = columns.dropFirst().map { "coalesce(\($0.name), '')" }.joined(separator: " || ' ' || ")
            lines.append("    document tsvector GENERATED ALWAYS AS (to_tsvector('simple', \(text))) STORED")
        }
        if withKeys { lines += postgresKeys.map { "    " + $0 } }
        return "CREATE TABLE \(name) (\n" + lines.joined(separator: ",\n") + "\n);\n"
    }

    /// The primary key and unique constraints, as table constraints.
    var postgresKeys: [String] {
        ["PRIMARY KEY (\(primaryKey.joined(separator: ", ")))"]
            + columns.filter(\.unique).map { "UNIQUE (\($0.name))" }
    }

    /// The statements that add the keys and indexes after loading.
    var postgresKeysAndIndexes: [String] {
        let keys = "ALTER TABLE \(name) " + postgresKeys.map { "ADD " + $0 }.joined(separator: ", ")
        return [keys]
            + indexes.map { index in
                let condition = index.condition.map { " WHERE " + $0 } ?? ""
                return "CREATE INDEX \(index.name) ON \(name) (\(index.columns))\(condition)"
            }
    }
}
