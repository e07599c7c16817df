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
        /// Versions a correction or retraction superseded (snapshot format 2): not part of the
        /// state a diff compares, but restored, so the live database can answer for earlier moments.
        var history = false
        /// For history tables: the base table the rows come from and go back to.
        var base: String? = nil
    }

    /// The versions corrections and retractions made, each table as the SELECT of its rows up
    /// to the moment: every event version superseded by then, and every actor or citation row
    /// superseded by then or opened by a correction (the state cannot say from which record a
    /// replaced actor or citation is current; a row still current has no known_until).
    static let histories: [Source] = [
        Source(
            name: "event_actor_history", key: ["event_seq", "position", "known_from"],
            select: versionRows("event_actor_versions", columns: "entity_id, role"), derived: false, history: true,
            base: "event_actor_versions"),
        Source(
            name: "event_history", key: ["vid"],
            select: "SELECT h.* FROM event_versions h WHERE h.known_until <= \(Schema.knownSeq) "
                + "AND h.seq IN (SELECT seq FROM moment_events) ORDER BY vid",
            derived: false, history: true, base: "event_versions"),
        Source(
            name: "event_source_history", key: ["event_seq", "position", "known_from"],
            select: versionRows("event_source_versions", columns: "source_id, quote, quote_lang, translations"),
            derived: false,
            history: true, base: "event_source_versions"),
    ]

    static func versionRows(_ table: String, columns: String) -> String {
        let k = Schema.knownSeq
        return """
            SELECT h.event_seq, h.position, h.known_from,
                   CASE WHEN h.known_until <= \(k) THEN h.known_until END AS known_until, \(columns)
            FROM \(table) h
            WHERE h.known_from <= \(k) AND (h.known_until <= \(k) OR h.known_from <> h.event_seq)
              AND h.event_seq IN (SELECT seq FROM moment_events)
            ORDER BY h.event_seq, h.position, h.known_from
            """
    }

    /// Columns a table's lines carry only when not NULL, so snapshots of ledgers without them keep
    /// their bytes (and digests): the quote languages and translations of citations, entity names
    /// in other languages. The state views do not show them; the snapshot SELECTs add them.
    static let optionalColumns: [String: [String]] = [
        "entities": ["names"], "event_sources": ["quote_lang", "translations"],
        "event_source_history": ["quote_lang", "translations"],
    ]

    /// The SELECT of a state table's lines: the view's rows, with the optional columns of
    /// ``optionalColumns`` the view leaves out.
    static func stateSelect(_ name: String, key: [String]) -> String {
        let d = SQLDialect.sqlite
        switch name {
        case "entities":
            return "SELECT e.*, f.names FROM entities e JOIN entity_facts f ON f.id = e.id ORDER BY e.id"
        case "event_sources":
            return """
                SELECT c.event_seq, c.position, c.source_id, c.quote, c.quote_lang, c.translations
                FROM event_source_versions c
                WHERE \(d.known("c")) AND \(d.applied("c.event_seq"))
                ORDER BY c.event_seq, c.position
                """
        default:
            let from = name == "search" ? "search_rows" : name
            return "SELECT * FROM \(from) ORDER BY \(key.joined(separator: ", "))"
        }
    }

    static let sources: [Source] = {
        let tables: [(String, [String], Bool)] = [
            ("ban_items", ["ban_id", "position"], false), ("captures", ["event_seq"], false),
            ("ban_lifts", ["ban_id", "event_seq"], false),
            ("ban_periods", ["id"], true), ("ban_targets", ["ban_id", "entity_id"], false), ("bans", ["id"], false),
            ("claim_history", ["claim_id", "event_seq", "kind"], false), ("claim_standing", ["id"], true),
            ("claims", ["id"], false), ("entities", ["id"], false), ("entity_aliases", ["entity_id", "alias"], false),
            ("event_actors", ["event_seq", "position"], false), ("event_sources", ["event_seq", "position"], false),
            ("events", ["seq"], false), ("releases", ["event_seq"], false), ("search", ["rowid"], false),
            ("sources", ["id"], false),
        ]
        let state = tables.map { name, key, derived in
            Source(name: name, key: key, select: stateSelect(name, key: key), derived: derived)
        }
        return (state + histories).sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }()

    /// Where restored rows of each snapshot table go, and the columns the state does not carry:
    /// (base table, [(column, SQL of its value from the row's parameters ?1…)]).
    /// State tables whose current rows a history table may already hold (inserted once, not twice).
    static let restoredOnce: Set<String> = ["event_actors", "event_sources"]

    /// `value` gives the SQL of a column of the row (a parameter, or a column of a SELECT);
    /// `schema` qualifies the base tables (`out.` when copying into an attached database).
    static func restoreTarget(_ table: String, value p: (String) -> String, in schema: String = "")
        -> (String, [(String, String)])
    {
        func current(_ versions: String) -> [(String, String)] {
            let e = p("event_seq")
            return [
                (
                    "known_from",
                    "coalesce((SELECT max(known_from) FROM \(schema)\(versions) WHERE event_seq = \(e)), \(e))"
                )
            ]
        }
        let facts = [
            "ban_items": "ban_item_facts", "ban_lifts": "ban_lift_facts", "ban_targets": "ban_target_facts",
            "bans": "ban_facts", "claim_history": "claim_history_facts", "claims": "claim_facts",
            "entities": "entity_facts", "entity_aliases": "entity_alias_facts", "releases": "release_facts",
            "captures": "capture_facts",
        ]
        switch table {
        case "events":
            return ("event_versions", [("vid", p("seq")), ("known_from", "coalesce(\(p("amended_by")), \(p("seq")))")])
        case "event_actors": return ("event_actor_versions", current("event_actor_versions"))
        case "event_sources": return ("event_source_versions", current("event_source_versions"))
        case "sources":
            // Set by ``Snapshots/fillImpliedRows(_:)`` once the citations and their index are in.
            return ("source_facts", [("first_seq", "0")])
        default:
            return (facts[table] ?? histories.first { $0.name == table }?.base ?? table, [])
        }
    }

    /// Calls `body` with every line, in snapshot order, and the table it belongs to. Lines are
    /// written straight from SQLite's values in canonical key order (equal to encoding the row as
    /// a ``JSONValue``; tests check it).
    public static func forEachLine(_ reader: ProjectionReader, _ body: (ArraySlice<UInt8>, String) throws -> Void)
        throws
    {
        try reader.read { db in
            for source in sources {
                let statement = try db.makeStatement(sql: source.select)
                var line = SnapshotLineWriter(
                    table: source.name, columnNames: statement.columnNames, key: source.key,
                    omittedWhenNull: Set(optionalColumns[source.name] ?? []))
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
                let history = sources.first { $0.name == table }?.base
                let known =
                    table == "search"
                    ? ["rowid", "title", "summary", "quotes"] : try db.columns(in: history ?? table).map(\.name)
                let columns = known + (optionalColumns[table] ?? []).filter { !known.contains($0) }
                let (base, extra) = restoreTarget(table) { c in "?\(columns.firstIndex(of: c).map { $0 + 1 } ?? 0)" }
                let names = columns + extra.map(\.0)
                let values = columns.indices.map { "?\($0 + 1)" } + extra.map(\.1)
                let verb = restoredOnce.contains(table) ? "INSERT OR IGNORE" : "INSERT"
                let sql =
                    "\(verb) INTO \(base) (\(names.joined(separator: ", "))) VALUES (\(values.joined(separator: ", ")))"
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
