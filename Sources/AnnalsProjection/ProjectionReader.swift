import AnnalsCore
import Foundation
import GRDB

/// The read side of a projection database: the questions the CLI asks, each one query.
public struct ProjectionReader: Sendable {
    let queue: DatabaseQueue

    init(_ queue: DatabaseQueue) { self.queue = queue }

    /// Events in valid-time order (then log order), each with its actors and main source.
    public func timeline(actor: String? = nil, types: [String] = [], from: PartialDate? = nil, to: PartialDate? = nil)
        throws -> ResultTable
    {
        var sql = "SELECT occurred, type, title, actors, main_source, main_url, id, seq, status FROM timeline t WHERE 1"
        var args: [DatabaseValueConvertible?] = []
        if let actor {
            sql += " AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_seq = t.seq AND a.entity_id = ?)"
            args.append(actor)
        }
        if !types.isEmpty {
            sql += " AND type IN (" + types.map { _ in "?" }.joined(separator: ",") + ")"
            args += types.map { $0 as DatabaseValueConvertible? }
        }
        if let from {
            sql += " AND occurred_start >= ?"
            args.append(from.startDay)
        }
        if let to {
            sql += " AND occurred_start <= ?"
            args.append(to.lastDay)
        }
        sql += " ORDER BY occurred_sort, seq"
        return try table(sql, StatementArguments(args))
    }

    /// Claims with their standing and counts, optionally of one standing or about one entity
    /// (an actor of any event that takes a stance on it).
    public func claims(standing: String? = nil, about entity: String? = nil) throws -> ResultTable {
        var sql = """
            SELECT id, standing, basis, assertions, reports, denials, acknowledgements, no_comments, evidence_sources,
                   first_occurred, latest_occurred, statement
            FROM claim_standing c WHERE 1
            """
        var args: [DatabaseValueConvertible?] = []
        if let standing {
            sql += " AND standing = ?"
            args.append(standing)
        }
        if let entity {
            sql +=
                " AND EXISTS (SELECT 1 FROM claim_history h JOIN event_actors a ON a.event_seq = h.event_seq WHERE h.claim_id = c.id AND a.entity_id = ?)"
            args.append(entity)
        }
        sql += " ORDER BY first_occurred, id"
        return try table(sql, StatementArguments(args))
    }

    /// One claim in full: its standing, then every stance and assessment with its sources.
    public func claim(_ id: String) throws -> (summary: ResultTable, history: ResultTable) {
        let summary = try table("SELECT * FROM claim_standing WHERE id = ?", [id])
        if summary.rows.isEmpty {
            let all = try queue.read { try String.fetchAll($0, sql: "SELECT id FROM claims") }
            throw ProjectionError.unknownClaim(id, suggestions: Suggestions.closest(to: id, in: all))
        }
        let history = try table(
            """
            SELECT v.occurred, v.kind, v.value AS stance, v.title, v.event_id, v.note,
                   (SELECT group_concat(a.entity_id || '=' || a.role, '; ') FROM event_actors a WHERE a.event_seq = v.event_seq) AS actors,
                   s.publisher, s.title AS source_title, s.url, s.published, es.quote
            FROM claim_evidence v
            LEFT JOIN event_sources es ON es.event_seq = v.event_seq
            LEFT JOIN sources s ON s.id = es.source_id
            WHERE v.claim_id = ?
            ORDER BY v.occurred_sort, v.event_seq, es.position
            """, [id])
        return (summary, history)
    }

    /// Bans with their periods; with `activeOn`, only those in force that day, and whether
    /// they had been relaxed by then.
    public func bans(activeOn day: PartialDate? = nil) throws -> ResultTable {
        if let day {
            let d = day.startDay
            return try table(
                """
                SELECT imposed, lifted,
                       CASE WHEN (SELECT count(*) FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                                  WHERE l.ban_id = b.id AND l.scope = 'partial' AND coalesce(l.effective, le.occurred_start) <= ?1) > 0
                            THEN 'relaxed' ELSE 'in force' END AS status,
                       id, authority, targets, items, title
                FROM ban_periods b
                WHERE imposed <= ?1 AND (lifted IS NULL OR lifted > ?1)
                ORDER BY imposed, id
                """, [d])
        }
        return try table(
            """
            SELECT imposed, lifted,
                   CASE WHEN lifted IS NOT NULL THEN 'lifted' WHEN partial_lifts > 0 THEN 'relaxed' ELSE 'in force' END AS status,
                   id, authority, targets, items, title
            FROM ban_periods ORDER BY imposed, id
            """)
    }

    public func releases(by organisation: String? = nil) throws -> ResultTable {
        var sql =
            "SELECT occurred, organisation, product, product_name, version, title, event_id FROM release_list WHERE 1"
        var args: [DatabaseValueConvertible?] = []
        if let organisation {
            sql += " AND organisation = ?"
            args.append(organisation)
        }
        sql += " ORDER BY occurred_sort, event_seq"
        return try table(sql, StatementArguments(args))
    }

    /// Full-text search over titles, summaries and quotes, best match first (FTS5 bm25).
    public func search(_ text: String, limit: Int = 50) throws -> ResultTable {
        // Each word is matched as a quoted term (prefix allowed with a trailing *), so user text
        // never reaches FTS5's query syntax.
        // A word of punctuation alone matches nothing (the tokenizer drops it): it is not a term.
        let words = text.split(whereSeparator: { $0.isWhitespace }).filter {
            $0.contains(where: { $0.isLetter || $0.isNumber })
        }
        let terms = words.map { word -> String in
            let prefix = word.hasSuffix("*")
            let core = (prefix ? word.dropLast() : word[...]).replacingOccurrences(of: "\"", with: "\"\"")
            return "\"" + core + "\"" + (prefix ? "*" : "")
        }.filter { $0 != "\"\"" && $0 != "\"\"*" }
        guard !terms.isEmpty else { throw ProjectionError.noSearchTerms(text) }
        return try table(
            """
            SELECT e.occurred, e.type, e.title,
                   snippet(search, -1, '[', ']', '…', 12) AS snippet,
                   e.id, e.status, round(bm25(search), 3) AS rank
            FROM search JOIN events e ON e.seq = search.rowid
            WHERE search MATCH ? AND e.status <> 'retracted'
            ORDER BY bm25(search), e.seq
            LIMIT ?
            """, [terms.joined(separator: " "), limit])
    }

    /// Runs one read-only statement to its end (see ``query(_:timeout:maxRows:)``).
    public func query(_ sql: String) throws -> ResultTable {
        try query(sql, timeout: 0, maxRows: nil).table
    }

    /// Runs one read-only statement. Anything that could write, attach a database or load an
    /// extension is refused before it runs; the connection is read-only besides. The query is
    /// interrupted after `timeout` seconds (0: never), and at most `maxRows` rows are kept
    /// (`truncated` then says more were there).
    public func query(_ sql: String, timeout: Double, maxRows: Int?) throws -> (table: ResultTable, truncated: Bool) {
        try readOnly(sql, timeout: timeout) { statement in try Self.table(statement, maxRows: maxRows) }
    }

    /// Like ``query(_:timeout:maxRows:)``, but hands each row to `row` as it is read, after the
    /// column names to `columns`, so a result of any size is never held in memory.
    public func query(
        _ sql: String, timeout: Double, columns: ([String]) -> Void, row: ([ResultTable.Cell]) throws -> Void
    ) throws {
        try readOnly(sql, timeout: timeout) { statement in
            columns(statement.columnNames)
            let cursor = try Row.fetchCursor(statement)
            while let next = try cursor.next() { try row(Self.cells(next)) }
        }
    }

    private func readOnly<T>(_ sql: String, timeout: Double, _ body: (Statement) throws -> T) throws -> T {
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = trimmed.prefix { $0.isLetter }.uppercased()
        guard ["SELECT", "WITH", "VALUES", "EXPLAIN"].contains(first) else {
            throw ProjectionError.notReadOnly(
                sql: sql, why: first.isEmpty ? "it is not a query" : "\(first) statements are not allowed")
        }
        if trimmed.range(of: "load_extension", options: .caseInsensitive) != nil {
            throw ProjectionError.notReadOnly(sql: sql, why: "load_extension is not allowed")
        }
        let watchdog = timeout > 0 ? DispatchWorkItem { [queue] in queue.interrupt() } : nil
        if let watchdog { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        defer { watchdog?.cancel() }
        do {
            return try queue.read { db in
                let statements = try db.allStatements(sql: sql)
                guard let statement = try statements.next() else {
                    throw ProjectionError.notReadOnly(sql: sql, why: "it is not a query")
                }
                if try statements.next() != nil {
                    throw ProjectionError.notReadOnly(sql: sql, why: "it holds more than one statement")
                }
                guard statement.isReadonly else {
                    throw ProjectionError.notReadOnly(sql: sql, why: "the statement writes")
                }
                return try body(statement)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw ProjectionError.timedOut(seconds: timeout)
        } catch let error as DatabaseError {
            throw ProjectionError.sql(message: error.message ?? "\(error.resultCode)")
        }
    }

    /// Runs `body` with the underlying database (snapshots and diffs read every table).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    private func table(_ sql: String, _ arguments: StatementArguments = []) throws -> ResultTable {
        try queue.read { db in
            let statement = try db.makeStatement(sql: sql)
            statement.arguments = arguments
            return try Self.table(statement)
        }
    }

    static func table(_ statement: Statement) throws -> ResultTable {
        try table(statement, maxRows: nil).table
    }

    static func table(_ statement: Statement, maxRows: Int?) throws -> (table: ResultTable, truncated: Bool) {
        var result = ResultTable(columns: statement.columnNames)
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            if let maxRows, result.rows.count >= maxRows { return (result, true) }
            result.rows.append(cells(row))
        }
        return (result, false)
    }

    static func cells(_ row: Row) -> [ResultTable.Cell] {
        (0..<row.count).map { (i: Int) -> ResultTable.Cell in
            let value: DatabaseValue = row[i]
            switch value.storage {
            case .null: return ResultTable.Cell.null
            case .int64(let v): return ResultTable.Cell.integer(v)
            case .double(let v): return ResultTable.Cell.real(v)
            case .string(let v): return ResultTable.Cell.text(v)
            case .blob(let v): return ResultTable.Cell.blob(Array(v))
            }
        }
    }
}

extension ProjectionReader {
    /// Everything a static site shows, as tables: standing events (no entity registrations),
    /// their actors, stances and sources, entity names, claims, bans and ban lifts.
    public func siteTables() throws -> [String: ResultTable] {
        [
            "events": try table(
                """
                SELECT seq, id, occurred, occurred_start, type, title, summary, status, certainty, recorded, recorder
                FROM standing_events WHERE type <> 'entity' ORDER BY occurred_sort, seq
                """),
            "actors": try table(
                "SELECT a.event_seq, a.entity_id, a.role FROM event_actors a ORDER BY a.event_seq, a.position"),
            "stances": try table(
                "SELECT h.event_seq, h.claim_id, h.kind, h.value FROM claim_history h ORDER BY h.event_seq, h.claim_id"),
            "sources": try table(
                """
                SELECT es.event_seq, s.publisher, s.title, s.url, s.published, es.quote
                FROM event_sources es JOIN sources s ON s.id = es.source_id ORDER BY es.event_seq, es.position
                """),
            "entities": try table("SELECT id, name, kind FROM entities ORDER BY id"),
            "claims": try table("SELECT * FROM claim_standing ORDER BY first_occurred, id"),
            "bans": try table("SELECT * FROM ban_periods ORDER BY imposed, id"),
            "lifts": try table(
                """
                SELECT l.ban_id, l.scope, coalesce(l.effective, e.occurred_start) AS date
                FROM ban_lifts l JOIN standing_events e ON e.seq = l.event_seq ORDER BY date
                """),
        ]
    }
}
