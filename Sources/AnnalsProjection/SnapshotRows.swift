import AnnalsCore
import AnnalsStore
import GRDB
import GRDBSQLite

/// The rows of a projection as snapshot lines: `{"key":[table, pk…],"row":{column: value…}}`,
/// canonical JSON, sorted by table name and then primary key, so two snapshots can be compared
/// by a streaming merge. Views that hold the derived answers (claim standing, ban periods) are
/// included as if they were tables, so a diff sees standing changes directly; restoring skips them.
public enum SnapshotRows {
    struct Source {
        let name: String
        let key: [String]
        let select: String
        let derived: Bool
    }

    static let sources: [Source] = {
        let tables: [(String, [String], Bool)] = [
            ("ban_items", ["ban_id", "position"], false), ("ban_lifts", ["ban_id", "event_seq"], false),
            ("ban_periods", ["id"], true), ("ban_targets", ["ban_id", "entity_id"], false), ("bans", ["id"], false),
            ("claim_history", ["claim_id", "event_seq", "kind"], false), ("claim_standing", ["id"], true),
            ("claims", ["id"], false), ("entities", ["id"], false), ("entity_aliases", ["entity_id", "alias"], false),
            ("event_actors", ["event_seq", "position"], false), ("event_sources", ["event_seq", "position"], false),
            ("events", ["seq"], false), ("releases", ["event_seq"], false), ("search", ["rowid"], false),
            ("sources", ["id"], false),
        ]
        return tables.map { name, key, derived in
            let columns = name == "search" ? "rowid, title, summary, quotes" : "*"
            return Source(
                name: name, key: key, select: "SELECT \(columns) FROM \(name) ORDER BY \(key.joined(separator: ", "))",
                derived: derived)
        }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }()

    /// Calls `body` with every line, in snapshot order, and the table it belongs to. Lines are
    /// written straight from SQLite's values in canonical key order (equal to encoding the row as
    /// a ``JSONValue``; tests check it).
    public static func forEachLine(_ reader: ProjectionReader, _ body: (ArraySlice<UInt8>, String) throws -> Void)
        throws
    {
        try reader.read { db in
            for source in sources {
                let statement = try db.makeStatement(sql: source.select)
                var line = SnapshotLineWriter(table: source.name, columnNames: statement.columnNames, key: source.key)
                let sqlite = statement.sqliteStatement
                while true {
                    let rc = sqlite3_step(sqlite)
                    if rc == SQLITE_DONE { break }
                    guard rc == SQLITE_ROW else {
                        throw DatabaseError(
                            resultCode: ResultCode(rawValue: rc),
                            message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: source.select)
                    }
                    line.write(row: sqlite)
                    try body(line.line, source.name)
                }
                sqlite3_reset(sqlite)
            }
        }
    }

    static func write(_ value: DatabaseValue, into w: inout CanonicalWriter) {
        switch value.storage {
        case .null: w.null()
        case .int64(let i): w.integer(i)
        case .string(let s): w.string(s)
        case .double(let d): w.string(String(d))  // no column holds reals; never hashed as a float
        case .blob(let b): w.string(Digest.hex(b))
        }
    }

    /// Loads snapshot lines into an empty projection database (derived views are skipped).
    public static func restore(lines next: () throws -> ArraySlice<UInt8>?, into db: Database) throws -> Int64 {
        let restorable = Set(sources.filter { !$0.derived }.map(\.name))
        var statements: [String: (Statement, [String])] = [:]  // per table: the insert and its columns
        var count: Int64 = 0
        while let line = try next() {
            guard case .object(let o)? = try? JSONParser.parse(line), case .array(let key)? = o["key"],
                case .string(let table)? = key.first,
                case .object(let row)? = o["row"]
            else { throw SnapshotError.notASnapshot(reason: "a row line is not {\"key\": […], \"row\": {…}}") }
            guard restorable.contains(table) || sources.contains(where: { $0.name == table }) else {
                throw SnapshotError.notASnapshot(reason: "unknown table \(table)")
            }
            guard restorable.contains(table) else { continue }
            if statements[table] == nil {
                // Column names come from the schema, never from the snapshot: a row naming any
                // other column is refused below.
                let columns =
                    table == "search" ? ["rowid", "title", "summary", "quotes"] : try db.columns(in: table).map(\.name)
                let sql =
                    "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                    + "(\(columns.map { _ in "?" }.joined(separator: ", ")))"
                statements[table] = (try db.makeStatement(sql: sql), columns)
            }
            let (statement, columns) = statements[table]!
            for key in row.keys where !columns.contains(key) {
                throw SnapshotError.notASnapshot(reason: "table \(table) has no column \(ValidationError.shorten(key))")
            }
            let arguments = StatementArguments(
                columns.map { c -> DatabaseValueConvertible? in
                    switch row[c] {
                    case .integer(let i)?: i
                    case .string(let s)?: s
                    default: nil
                    }
                })
            try statement.execute(arguments: arguments)
            count += 1
        }
        return count
    }
}
