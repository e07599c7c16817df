import AnnalsCore
import Foundation
import GRDB
import GRDBSQLite

/// The connection `annals query` runs its SQL on: a raw read-only SQLite connection of its own
/// (not a GRDB one, whose authorizer would replace this one), opened after the catch-up. An
/// authorizer allows reads and the functions of ``QueryLimits/functions`` only, the limits of
/// ``QueryLimits`` bound what a query may build, a progress handler stops it at its deadline,
/// and SQLite's heap is capped while it runs.
final class QueryConnection {
    private let db: OpaquePointer
    private let watch = QueryWatch()

    /// Opens the database file at `path` read-only, its views showing `cut` (nil: now).
    init(path: String, cut: MomentCut?) throws {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw ProjectionError.sql(message: "cannot open the projection database: \(message)")
        }
        db = handle
        try setUp(cut: cut)
    }

    /// A read-only copy of the in-memory database of `queue` (a replayed moment, for benchmarks).
    init(copyOf queue: DatabaseQueue) throws {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
            let handle
        else {
            sqlite3_close_v2(handle)
            throw ProjectionError.sql(message: "cannot open an in-memory database")
        }
        db = handle
        var size: Int64 = 0
        let bytes = queue.inDatabase { source in sqlite3_serialize(source.sqliteConnection, "main", &size, 0) }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        guard let bytes, sqlite3_deserialize(handle, "main", bytes, size, size, flags) == SQLITE_OK else {
            sqlite3_close_v2(handle)
            throw ProjectionError.sql(message: "cannot copy the replayed database")
        }
        try setUp(cut: nil)
    }

    deinit {
        sqlite3_set_authorizer(db, nil, nil)
        sqlite3_progress_handler(db, 0, nil, nil)
        sqlite3_close_v2(db)
    }

    /// The moment's TEMP table and views, then the limits and the guards (after: they refuse DDL).
    private func setUp(cut: MomentCut?) throws {
        sqlite3_busy_timeout(db, 30_000)
        if let cut {
            let day = cut.asOf.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
            var script =
                Schema.temporaryMoment + "; "
                + "INSERT INTO temp.moment (id, as_of, known_seq) VALUES (1, \(day), "
                + "\(cut.knownSeq.map(String.init) ?? "NULL"));"
            for view in Schema.views { script += "CREATE TEMP VIEW \(view.name) AS\n\(view.body);\n" }
            guard sqlite3_exec(db, script, nil, nil, nil) == SQLITE_OK else { throw failure() }
        }
        // Virtual tables declare their columns as they first connect, which the authorizer would
        // refuse as a schema write: connect the full-text table and the JSON table functions first.
        let connect = "SELECT 1 FROM search LIMIT 0; SELECT 1 FROM json_each('[]'); SELECT 1 FROM json_tree('[]');"
        guard sqlite3_exec(db, connect, nil, nil, nil) == SQLITE_OK else { throw failure() }
        for (limit, value) in QueryLimits.connection { sqlite3_limit(db, limit, value) }
        let context = Unmanaged.passUnretained(watch).toOpaque()
        sqlite3_set_authorizer(db, queryAuthorizer, context)
        sqlite3_progress_handler(db, 1000, queryProgress, context)
    }

    /// Prepares `sql` (one read-only statement, or a ``ProjectionError``), then hands the column
    /// names to `columns` and each row to `row` until it returns false; stops after `timeout`
    /// seconds (0: never).
    func run(
        _ sql: String, timeout: Double, columns: ([String]) throws -> Void,
        row: ([ResultTable.Cell]) throws -> Bool
    ) throws {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        let width = sqlite3_column_count(statement)
        try columns((0..<width).map { String(cString: sqlite3_column_name(statement, $0)) })
        watch.deadline = timeout > 0 ? DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9) : nil
        let previous = sqlite3_hard_heap_limit64(-1)
        sqlite3_hard_heap_limit64(QueryLimits.heapBytes)
        defer {
            sqlite3_hard_heap_limit64(previous)
            watch.deadline = nil
        }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw refusal(sql) ?? failure(rc, timeout: timeout, sql: sql) }
            guard try row((0..<width).map { Self.cell(statement, $0) }) else { return }
        }
    }

    /// The one statement of `sql`, checked to be read-only.
    private func prepare(_ sql: String) throws -> OpaquePointer {
        try ProjectionReader.refuseNonQuery(sql)
        let utf8 = Array(sql.utf8CString)
        return try utf8.withUnsafeBufferPointer { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            guard sqlite3_prepare_v3(db, text.baseAddress, -1, 0, &statement, &tail) == SQLITE_OK, let statement
            else {
                sqlite3_finalize(statement)
                throw refusal(sql) ?? failure(sql: sql)
            }
            var next: OpaquePointer?
            let rest = tail.map { sqlite3_prepare_v3(db, $0, -1, 0, &next, nil) } ?? SQLITE_OK
            sqlite3_finalize(next)
            watch.denied = nil
            guard rest == SQLITE_OK && next == nil else {
                sqlite3_finalize(statement)
                throw ProjectionError.notReadOnly(sql: sql, why: "it holds more than one statement")
            }
            guard sqlite3_stmt_readonly(statement) != 0 else {
                sqlite3_finalize(statement)
                throw ProjectionError.notReadOnly(sql: sql, why: "the statement writes")
            }
            return statement
        }
    }

    /// What the authorizer refused while preparing `sql`, as the error to show.
    private func refusal(_ sql: String) -> ProjectionError? {
        defer { watch.denied = nil }
        switch watch.denied {
        case .function(let name)?: return .functionNotAllowed(name: name)
        case .action(let why)?: return .notReadOnly(sql: sql, why: why)
        case nil: return nil
        }
    }

    /// SQLite's error as a ``ProjectionError``.
    private func failure(_ rc: Int32? = nil, timeout: Double = 0, sql: String? = nil) -> ProjectionError {
        let code = (rc ?? sqlite3_errcode(db)) & 0xFF
        switch code {
        case SQLITE_INTERRUPT: return .timedOut(seconds: timeout)
        case SQLITE_TOOBIG: return .queryTooLarge(what: "a value longer than \(QueryLimits.valueBytes >> 20) MB")
        case SQLITE_NOMEM: return .queryTooLarge(what: "more than \(QueryLimits.heapBytes >> 20) MB of memory")
        default:
            let message = String(cString: sqlite3_errmsg(db))
            // Writing to a view fails as SQLite prepares it: still a write.
            if message.hasPrefix("cannot modify") || message.contains("use DROP VIEW") {
                return .notReadOnly(sql: sql ?? "", why: "the statement writes")
            }
            return .sql(message: message)
        }
    }

    private static func cell(_ statement: OpaquePointer, _ column: Int32) -> ResultTable.Cell {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let bytes = sqlite3_column_blob(statement, column), count > 0 else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

/// What the C callbacks of a ``QueryConnection`` share with it: the deadline, and what the
/// authorizer refused (the first refusal, for the message).
final class QueryWatch {
    enum Denied {
        case function(String)
        case action(String)
    }

    var deadline: UInt64?
    var denied: Denied?
}

/// Allows reads and the listed functions (and the one PRAGMA FTS5 reads); refuses anything else, noting what.
private let queryAuthorizer:
    @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        UnsafePointer<CChar>?
    ) -> Int32 = { context, action, first, second, _, _ in
        guard let context else { return SQLITE_DENY }
        let watch = Unmanaged<QueryWatch>.fromOpaque(context).takeUnretainedValue()
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_FUNCTION:
            let name = second.map { String(cString: $0) } ?? ""
            if QueryLimits.functions.contains(name.lowercased()) { return SQLITE_OK }
            if watch.denied == nil { watch.denied = .function(name) }
            return SQLITE_DENY
        case SQLITE_ATTACH, SQLITE_DETACH:
            if watch.denied == nil { watch.denied = .action("ATTACH is not allowed") }
            return SQLITE_DENY
        case SQLITE_PRAGMA where first.map { String(cString: $0) } == "data_version" && second == nil:
            return SQLITE_OK  // FTS5 reads it to see whether its index changed
        case SQLITE_PRAGMA:
            if watch.denied == nil { watch.denied = .action("PRAGMA is not allowed") }
            return SQLITE_DENY
        case SQLITE_UPDATE where first.map { String(cString: $0) }?.hasSuffix("_master") == true:
            // A virtual table declaring itself as it first connects (pragma_*, fts5vocab…).
            if watch.denied == nil {
                watch.denied = .action("table-valued functions other than json_each and json_tree are not allowed")
            }
            return SQLITE_DENY
        default:
            if watch.denied == nil { watch.denied = .action("the statement writes") }
            return SQLITE_DENY
        }
    }

/// Interrupts the statement once its deadline has passed.
private let queryProgress: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
    guard let context else { return 0 }
    let watch = Unmanaged<QueryWatch>.fromOpaque(context).takeUnretainedValue()
    guard let deadline = watch.deadline else { return 0 }
    return DispatchTime.now().uptimeNanoseconds > deadline ? 1 : 0
}
