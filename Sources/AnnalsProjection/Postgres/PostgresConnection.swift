import CLibPQ
import Foundation

/// One connection to a PostgreSQL server through the system libpq: statements with text
/// parameters, results as text, and `COPY … FROM STDIN` for bulk loads. Not thread-safe: one
/// thread at a time, like a GRDB `Database`.
public final class PostgresConnection: @unchecked Sendable {
    private let connection: OpaquePointer
    /// The URL with any password hidden, for messages.
    public let target: String
    /// The URL as given: only ever used to hide its passwords in libpq's messages.
    private let url: String

    /// Connects and sets the session up the way the projection reads it: UTF-8, UTC, ISO dates.
    public init(url: String) throws(PostgresError) {
        try Self.check(url)
        target = PostgresConnection.redact(url, hiding: url)
        self.url = url
        // The URL is expanded as the dbname; the application name (seen in pg_stat_activity) is
        // "annals" unless the URL names another.
        let copy = { (text: String) -> UnsafeMutablePointer<CChar>? in strdup(text) }
        let keywords = ["dbname", "fallback_application_name"].map(copy)
        let values = [url, "annals"].map(copy)
        defer { for p in keywords + values { free(p) } }
        let constant = { (list: [UnsafeMutablePointer<CChar>?]) -> [UnsafePointer<CChar>?] in
            (list + [nil]).map { $0.map { UnsafePointer($0) } }
        }
        let made = constant(keywords).withUnsafeBufferPointer { k in
            constant(values).withUnsafeBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 1)
            }
        }
        guard let c = made else { throw .cannotConnect(target: target, message: "out of memory") }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = Self.redact(String(cString: PQerrorMessage(c)), hiding: url)
            PQfinish(c)
            throw .cannotConnect(target: target, message: message)
        }
        connection = c
        do {
            try execute(
                "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; "
                    + "SET client_min_messages = warning; SET extra_float_digits = 1")
        } catch {
            PQfinish(c)
            throw error
        }
    }

    deinit { PQfinish(connection) }

    /// Runs one or more statements without parameters; returns the last one's answer.
    @discardableResult
    public func execute(_ sql: String) throws(PostgresError) -> PostgresRows {
        try answer(PQexec(connection, sql))
    }

    /// Runs one statement with `$1…` parameters given as text (nil: NULL).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        if parameters.isEmpty { return try answer(PQexecParams(connection, sql, 0, nil, nil, nil, nil, 0)) }
        let copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { for case let p? in copies { free(p) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer { buffer in
            PQexecParams(connection, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        return try answer(result)
    }

    /// Runs one statement in single-row mode (libpq holds one row at a time, never the whole
    /// result): hands the column names and type OIDs to `columns`, then each row to `row` until
    /// it returns false, when the rest is cancelled on the server.
    public func stream(
        _ sql: String, columns: ([String], [UInt32]) throws -> Void, row: ([String?]) throws -> Bool
    ) throws {
        guard PQsendQueryParams(connection, sql, 0, nil, nil, nil, nil, 0) == 1 else { throw error(nil) }
        PQsetSingleRowMode(connection)
        var failure: (any Error)?
        var started = false
        var stopped = false
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            guard failure == nil, !stopped else { continue }
            switch status {
            case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
                do {
                    if !started {
                        started = true
                        let width = PQnfields(result)
                        try columns(
                            (0..<width).map { String(cString: PQfname(result, $0)) },
                            (0..<width).map { UInt32(PQftype(result, $0)) })
                    }
                    if status == PGRES_SINGLE_TUPLE, try !row(self.rows(result).values[0]) {
                        stopped = true
                        cancel()
                    }
                } catch let thrown {
                    failure = thrown
                    cancel()
                }
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: break
            default: failure = error(result)
            }
        }
        if let failure { throw failure }
    }

    /// Asks the server to stop the running statement (its error is then ignored by the caller).
    private func cancel() {
        guard let handle = PQgetCancel(connection) else { return }
        defer { PQfreeCancel(handle) }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &buffer, Int32(buffer.count))
    }

    /// Streams rows into `COPY table (columns) FROM STDIN` (text format): `body` appends rows to
    /// the writer, which sends them in large chunks. If `body` throws, the COPY is abandoned
    /// (the server discards every row of it) and the error is rethrown.
    public func copy(_ sql: String, _ body: (inout PostgresCopyWriter) throws -> Void) throws -> Int {
        let start = PQexec(connection, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try answer(PQexec(connection, "SELECT 1"))  // surfaces a lost connection
            throw error(start)
        }
        var writer = PostgresCopyWriter(self)
        do {
            try body(&writer)
            try send(&writer, force: true)
        } catch {
            PQputCopyEnd(connection, "abandoned by annals")
            _ = try? drain()
            throw error
        }
        guard PQputCopyEnd(connection, nil) == 1 else { throw lost() }
        return try drain().affected
    }

    /// Sends the writer's buffer once it is large (or always, with `force`).
    func send(_ writer: inout PostgresCopyWriter, force: Bool) throws(PostgresError) {
        guard force || writer.buffer.count >= PostgresCopyWriter.chunk, !writer.buffer.isEmpty else { return }
        let sent = writer.buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw lost() }
        writer.buffer.removeAll(keepingCapacity: true)
    }

    /// Collects the results after a COPY ends, keeping the last.
    private func drain() throws(PostgresError) -> PostgresRows {
        var last = PostgresRows(columns: [], types: [], values: [], affected: 0)
        while let result = PQgetResult(connection) { last = try answer(result) }
        return last
    }

    /// Checks a result, converts it and frees it.
    private func answer(_ result: OpaquePointer?) throws(PostgresError) -> PostgresRows {
        guard let result else { throw lost() }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return rows(result)
        default:
            throw error(result)
        }
    }

    private func rows(_ result: OpaquePointer) -> PostgresRows {
        let width = PQnfields(result)
        let height = PQntuples(result)
        var answer = PostgresRows(
            columns: (0..<width).map { String(cString: PQfname(result, $0)) },
            types: (0..<width).map { UInt32(PQftype(result, $0)) },
            values: [], affected: Int(String(cString: PQcmdTuples(result))) ?? 0)
        answer.values.reserveCapacity(Int(height))
        for row in 0..<height {
            answer.values.append(
                (0..<width).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        return answer
    }

    private func error(_ result: OpaquePointer?) -> PostgresError {
        if PQstatus(connection) != CONNECTION_OK { return lost() }
        let field = { (code: Character) -> String? in
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let message = field("M") ?? String(cString: PQerrorMessage(connection))
        return .server(
            sqlState: field("C") ?? "?????", message: Self.redact(message, hiding: url),
            detail: field("D").map { Self.redact($0, hiding: url) })
    }

    private func lost() -> PostgresError {
        .connectionLost(target: target, message: Self.redact(String(cString: PQerrorMessage(connection)), hiding: url))
    }

    /// Refuses, before any connection, a string that is not a PostgreSQL URL libpq can parse.
    public static func check(_ url: String) throws(PostgresError) {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw .badURL(redact(url, hiding: url), why: nil)
        }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &message) else {
            let why = message.map { redact(String(cString: $0), hiding: url) }
            if let message { PQfreemem(message) }
            throw .badURL(redact(url, hiding: url), why: why.map(PostgresError.oneLine))
        }
        PQconninfoFree(options)
    }
}
