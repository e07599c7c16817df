extension BaseTable {
    /// The tokenizer of SQLite's full-text tables.
    static let sqliteTokenizer = "tokenize = 'unicode61 remove_diacritics 2'"

    /// The table's CREATE statement in SQLite (a STRICT table, or an FTS5 table for full text),
    /// with its notes as comments.
    var sqliteDDL: String {
        let comments = note.map { "-- \($0)\n" }.joined()
        if kind == .fullText || kind == .derivedFullText {
            let indexed = columns.dropFirst().map(\.name) + [Self.sqliteTokenizer]
            return comments + "CREATE VIRTUAL TABLE \(name) USING fts5(\(indexed.joined(separator: ", ")));\n"
        }
        var lines = columns.map(sqliteDefinition)
        if primaryKey.count > 1 { lines.append("PRIMARY KEY (\(primaryKey.joined(separator: ", ")))") }
        let body = lines.indices.map { i in
            let column = i < columns.count ? columns[i] : nil
            let comma = i < lines.count - 1 ? "," : ""
            let line = "    " + lines[i] + comma
            guard let note = column?.note else { return line }
            return line + "  -- " + note
        }
        return comments + "CREATE TABLE \(name) (\n" + body.joined(separator: "\n") + "\n) STRICT;\n"
    }

    /// The table's secondary indexes in SQLite (those PostgreSQL alone has left out).
    var sqliteIndexes: [String] {
        indexes.filter { $0.postgresOnly == nil }.map { index in
            let condition = index.condition.map { " WHERE " + $0 } ?? ""
            return "CREATE INDEX \(index.name) ON \(name)(\(index.columns))\(condition);"
        }
    }

    /// One column's definition: a lone key column is declared inline (an INTEGER one is the rowid).
    private func sqliteDefinition(_ column: TableColumn) -> String {
        let width = columns.map(\.name.count).max() ?? 0
        var parts = [column.name.padding(toLength: width, withPad: " ", startingAt: 0), column.type.sqlite]
        if primaryKey == [column.name] {
            parts.append("PRIMARY KEY")
        } else if column.notNull {
            parts.append("NOT NULL")
        }
        if column.unique { parts.append("UNIQUE") }
        if let constraints = column.sqliteConstraints { parts.append(constraints) }
        return parts.joined(separator: " ")
    }
}
