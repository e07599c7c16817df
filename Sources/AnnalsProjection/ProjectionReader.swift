import AnnalsCore
import Foundation
import GRDB

/// The read side of a projection database: the questions the CLI asks, each one query, answered
/// by the SQLite projection or, opened with ``ProjectionReader/postgres(url:schema:at:)``, by a
/// PostgreSQL one (the same query texts where the dialects agree, decoded into the same rows).
public struct ProjectionReader: Sendable {
    /// Where the rows come from.
    enum Source: Sendable {
        case sqlite(DatabaseQueue)
        case postgres(PostgresReadSource)
    }

    let source: Source
    /// The moment the views show, when it is not "now".
    public let cut: MomentCut?

    init(_ queue: DatabaseQueue, cut: MomentCut? = nil) {
        self.source = .sqlite(queue)
        self.cut = cut
    }

    init(postgres: PostgresReadSource, cut: MomentCut?) {
        self.source = .postgres(postgres)
        self.cut = cut
    }

    /// Runs `body` in one read transaction of either engine.
    func within<T>(_ body: (ReadContext) throws -> T) throws -> T {
        switch source {
        case .sqlite(let queue): return try queue.read { db in try body(.sqlite(db)) }
        case .postgres(let pg): return try pg.transaction { try body(.postgres(pg)) }
        }
    }

    /// The SQLite database, for the operations only it serves (snapshots, replays, diffs).
    var queue: DatabaseQueue {
        get throws {
            guard case .sqlite(let queue) = source else { throw ProjectionError.sqliteOnly }
            return queue
        }
    }

    /// Events in valid-time order (then log order), each with its actors and main source.
    public func timeline(actor: String? = nil, types: [String] = [], from: PartialDate? = nil, to: PartialDate? = nil)
        throws -> [TimelineEntry]
    {
        try within { ctx in
            // Actors as a JSON array (the view's `actors` flattens them; this is the same subquery).
            var sql = """
                SELECT occurred, type, title, \(Self.actors(ctx, seq: "t.seq")) AS actors,
                       main_source, main_url, id, seq, status
                FROM timeline t WHERE true
                """
            var args: [DatabaseValueConvertible?] = []
            if let actor {
                // PostgreSQL cannot push a semi-join into the ordered view; a list of seqs it can.
                let involving = Self.eventsInvolving
                sql += ctx.isPostgres ? " AND t.seq = ANY (ARRAY(\(involving)))" : " AND t.seq IN (\(involving))"
                args += Array(repeating: actor, count: 5)
            }
            if !types.isEmpty {
                sql += " AND type IN (" + types.map { _ in "?" }.joined(separator: ",") + ")"
                args += types.map { $0 as DatabaseValueConvertible? }
            }
            // The same limits on occurred_sort (which starts with the start day) let SQLite use its index.
            if let from {
                sql += " AND occurred_start >= ? AND occurred_sort >= ?"
                args += [from.startDay, from.startDay]
            }
            if let to {
                sql += " AND occurred_start <= ? AND occurred_sort < ?"
                args += [to.lastDay, to.lastDay + "~"]
            }
            sql += " ORDER BY occurred_sort, seq"
            return try ctx.rows(sql, args)
        }
    }

    /// The seqs of the events an entity (the five `?`) is in: as an actor, and the bans it imposes
    /// or is targeted by, with their lifts.
    static let eventsInvolving = """
        SELECT a.event_seq FROM event_actors a WHERE a.entity_id = ?
        UNION SELECT b.imposed_by FROM ban_facts b
          WHERE b.authority = ? OR b.id IN (SELECT t.ban_id FROM ban_target_facts t WHERE t.entity_id = ?)
        UNION SELECT l.event_seq FROM ban_lift_facts l JOIN ban_facts b ON b.id = l.ban_id
          WHERE b.authority = ? OR b.id IN (SELECT t.ban_id FROM ban_target_facts t WHERE t.entity_id = ?)
        """

    /// The ids of the bans an entity imposes or is targeted by.
    public func bans(involving entity: String) throws -> Set<String> {
        try within { ctx in
            Set(
                try ctx.column(
                    "SELECT id FROM ban_facts WHERE authority = ? UNION SELECT ban_id FROM ban_target_facts "
                        + "WHERE entity_id = ?", [entity, entity], as: String.self))
        }
    }

    /// The actors of the event at `seq` as a JSON array of {entity, role}, in order.
    static func actors(_ ctx: ReadContext, seq: String) -> String {
        ctx.isPostgres
            ? """
            (SELECT coalesce(json_agg(json_build_object('entity', a.entity_id, 'role', a.role) ORDER BY a.position),
                             '[]')
             FROM event_actors a WHERE a.event_seq = \(seq))
            """
            : """
            (SELECT json_group_array(json_object('entity', a.entity_id, 'role', a.role))
             FROM event_actors a WHERE a.event_seq = \(seq))
            """
    }

    /// The seqs of the corrections and retractions that amend the event at `seq`, in log order.
    public func amendments(ofSeq seq: Int64) throws -> [Int64] {
        // Now: the current versions, through the index of amendments (any other moment: the view).
        let from = cut == nil ? "event_versions WHERE known_until IS NULL AND" : "events WHERE"
        return try within {
            try $0.column("SELECT seq FROM \(from) amends = CAST(? AS INTEGER) ORDER BY seq", [seq])
        }
    }

    /// How many entity registrations the moment holds: events the timeline leaves out.
    public func entityRegistrations() throws -> Int {
        try within { try $0.column("SELECT count(*) FROM events WHERE type = 'entity'", as: Int.self).first ?? 0 }
    }

    /// Claims with their standing and counts, optionally of one standing or about one entity
    /// (an actor of any event that takes a stance on it).
    public func claims(standing: String? = nil, about entity: String? = nil) throws -> [ClaimSummary] {
        // Now: the kept rows (one per claim); any other moment: the view, which derives them.
        var sql = "SELECT * FROM \(cut == nil ? "claim_standing_now" : "claim_standing") c WHERE true"
        var args: [DatabaseValueConvertible?] = []
        if let standing {
            sql += " AND standing = ?"
            args.append(standing)
        }
        if let entity {
            sql +=
                " AND EXISTS (SELECT 1 FROM claim_history h JOIN event_actors a ON a.event_seq = h.event_seq WHERE "
                + "h.claim_id = c.id AND a.entity_id = ?)"
            args.append(entity)
        }
        // NULLS FIRST: SQLite's order for a claim without dated evidence, spelled out for PostgreSQL.
        sql += " ORDER BY first_occurred NULLS FIRST, id"
        return try within { try $0.rows(sql, args) }
    }

    /// One claim in full: its standing, then every stance and assessment with its sources.
    public func claim(_ id: String) throws -> (summary: ClaimSummary, history: [ClaimHistoryEntry]) {
        try within { ctx in
            let found: [ClaimSummary] = try ctx.rows("SELECT * FROM claim_standing WHERE id = ?", [id])
            guard let summary = found.first else {
                let all = try ctx.column("SELECT id FROM claims", as: String.self)
                throw ProjectionError.unknownClaim(id, suggestions: Suggestions.closest(to: id, in: all))
            }
            let history: [ClaimHistoryEntry] = try ctx.rows(
                """
                SELECT v.occurred, v.kind, v.value AS stance, v.title, v.event_id, v.note,
                       \(Self.actors(ctx, seq: "v.event_seq")) AS actors,
                       s.publisher, s.title AS source_title, s.url, s.published, es.quote
                FROM claim_evidence v
                LEFT JOIN event_sources es ON es.event_seq = v.event_seq
                LEFT JOIN sources s ON s.id = es.source_id
                WHERE v.claim_id = ?
                ORDER BY v.occurred_sort, v.event_seq, es.position
                """, [id])
            return (summary, history)
        }
    }

    /// Bans with their periods; with `activeOn`, only those in force that day, and whether
    /// they had been relaxed by then.
    public func bans(activeOn day: PartialDate? = nil) throws -> [BanEntry] {
        if cut == nil { return try keptBans(activeOn: day) }
        return try within { ctx in
            if let day {
                let d = day.startDay
                // PostgreSQL compares the date columns with the day as a date (the cast is the same text in SQLite).
                let p = ctx.isPostgres ? "CAST(?1 AS date)" : "?1"
                return try ctx.rows(
                    """
                    SELECT imposed, lifted,
                           CASE WHEN (SELECT count(*) FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                                      WHERE l.ban_id = b.id AND l.scope = 'partial'
                                        AND coalesce(l.effective, le.occurred_start) <= \(p)) > 0
                                THEN 'relaxed' ELSE 'in force' END AS status,
                           id, authority, \(Self.banLists(ctx)), title
                    FROM ban_periods b
                    WHERE imposed <= \(p) AND (lifted IS NULL OR lifted > \(p))
                    ORDER BY imposed, id
                    """, [d])
            }
            return try ctx.rows(
                """
                SELECT imposed, lifted,
                       CASE WHEN lifted IS NOT NULL THEN 'lifted' WHEN partial_lifts > 0 THEN 'relaxed'
                            ELSE 'in force' END AS status,
                       id, authority, \(Self.banLists(ctx)), title
                FROM ban_periods b ORDER BY imposed, id
                """)
        }
    }

    /// ``bans(activeOn:)`` now, from the kept rows: one range of their index by imposed day.
    private func keptBans(activeOn day: PartialDate?) throws -> [BanEntry] {
        try within { ctx in
            let p = ctx.isPostgres ? "CAST(?1 AS date)" : "?1"
            let status =
                day == nil
                ? "CASE WHEN lifted IS NOT NULL THEN 'lifted' WHEN partial_lifts > 0 THEN 'relaxed' ELSE 'in force' END"
                : "CASE WHEN relaxed <= \(p) THEN 'relaxed' ELSE 'in force' END"
            let active = day == nil ? "" : "WHERE imposed <= \(p) AND (lifted IS NULL OR lifted > \(p))"
            let args: [(any DatabaseValueConvertible)?] = day.map { [$0.startDay] } ?? []
            return try ctx.rows(
                """
                SELECT imposed, lifted, \(status) AS status, id, authority, targets, items, title
                FROM ban_periods_now \(active) ORDER BY imposed, id
                """, args)
        }
    }

    /// A ban's targets and items as JSON arrays (`ban_periods` flattens them; these are its subqueries).
    private static func banLists(_ ctx: ReadContext) -> String {
        ctx.isPostgres
            ? """
            (SELECT coalesce(json_agg(t.entity_id ORDER BY t.entity_id), '[]')
                FROM ban_targets t WHERE t.ban_id = b.id) AS targets,
                   (SELECT coalesce(json_agg(i.item ORDER BY i.position), '[]')
                    FROM ban_items i WHERE i.ban_id = b.id) AS items
            """
            : """
            (SELECT json_group_array(t.entity_id) FROM ban_targets t WHERE t.ban_id = b.id) AS targets,
                   (SELECT json_group_array(i.item)
                    FROM (SELECT item FROM ban_items WHERE ban_id = b.id ORDER BY position) i) AS items
            """
    }

    /// Releases in date order, optionally by one organisation (the release event's first actor).
    public func releases(by organisation: String? = nil) throws -> [ReleaseEntry] {
        var sql =
            "SELECT occurred, organisation, product, product_name, version, title, event_id FROM release_list WHERE true"
        var args: [DatabaseValueConvertible?] = []
        if let organisation {
            // The organisation is an actor of the release: its index narrows the rows first.
            sql +=
                " AND organisation = ? AND event_seq IN (SELECT a.event_seq FROM event_actors a WHERE a.entity_id = ?)"
            args += [organisation, organisation]
        }
        sql += " ORDER BY occurred_sort, event_seq"
        return try within { try $0.rows(sql, args) }
    }

    /// Runs one read-only statement to its end (see ``query(_:timeout:maxRows:)``).
    public func query(_ sql: String) throws -> ResultTable {
        try query(sql, timeout: 0, maxRows: nil).table
    }

    /// Runs one read-only statement (see ``QueryConnection`` and ``QueryLimits``). Anything that
    /// could write, attach a database, load an extension or call a function off the list is
    /// refused before it runs. The query is stopped after `timeout` seconds (0: never), and at
    /// most `maxRows` rows and ``QueryLimits/heldBytes`` of cells are kept (`truncated` then
    /// says more were there).
    public func query(_ sql: String, timeout: Double, maxRows: Int?) throws -> (table: ResultTable, truncated: Bool) {
        var table = ResultTable(columns: [])
        var truncated = false
        var held = 0
        let keep = { (cells: [ResultTable.Cell]) -> Bool in
            held += cells.reduce(0) { $0 + Self.heldBytes($1) }
            if let maxRows, table.rows.count >= maxRows { truncated = true }
            if held > QueryLimits.heldBytes { truncated = true }
            guard !truncated else { return false }
            table.rows.append(cells)
            return true
        }
        try stream(sql, timeout: timeout, columns: { table.columns = $0 }, row: keep)
        return (table, truncated)
    }

    /// Like ``query(_:timeout:maxRows:)``, but hands each row to `row` as it is read, after the
    /// column names to `columns`, so a result of any size is never held in memory.
    public func query(
        _ sql: String, timeout: Double, columns: ([String]) -> Void, row: ([ResultTable.Cell]) throws -> Void
    ) throws {
        let each = { (cells: [ResultTable.Cell]) throws -> Bool in
            try row(cells)
            return true
        }
        try stream(sql, timeout: timeout, columns: columns, row: each)
    }

    /// Runs the query on either engine, handing rows to `row` until it returns false.
    private func stream(
        _ sql: String, timeout: Double, columns: ([String]) throws -> Void, row: ([ResultTable.Cell]) throws -> Bool
    ) throws {
        switch source {
        case .postgres(let pg): try queryPostgres(pg, sql, timeout: timeout, columns: columns, row: row)
        case .sqlite(let queue):
            // Its own connection, opened now (after the catch-up): GRDB's would keep GRDB's authorizer.
            let connection =
                queue.path == ":memory:" || queue.path.isEmpty
                ? try QueryConnection(copyOf: queue) : try QueryConnection(path: queue.path, cut: cut)
            try connection.run(sql, timeout: timeout, columns: columns, row: row)
        }
    }

    /// What a cell costs to hold, roughly.
    private static func heldBytes(_ cell: ResultTable.Cell) -> Int {
        switch cell {
        case .text(let text): 16 + text.utf8.count
        case .blob(let bytes): 16 + bytes.count
        default: 16
        }
    }

    /// Refuses, before it runs, SQL that is not one query (the same first-word rule on both engines).
    static func refuseNonQuery(_ sql: String) throws {
        let trimmed = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = trimmed.prefix { $0.isLetter }.uppercased()
        guard ["SELECT", "WITH", "VALUES", "EXPLAIN"].contains(first) else {
            throw ProjectionError.notReadOnly(
                sql: sql, why: first.isEmpty ? "it is not a query" : "\(first) statements are not allowed")
        }
        if trimmed.range(of: "load_extension", options: .caseInsensitive) != nil {
            throw ProjectionError.notReadOnly(sql: sql, why: "load_extension is not allowed")
        }
    }

    /// Runs `body` with the underlying SQLite database (snapshots and diffs read every table).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    /// Decodes every row of `sql` as `Entry`, after checking the statement returns exactly the
    /// columns `Entry` names, in order (a column renamed in the schema fails here, never reads as NULL).
    static func rows<Entry: ProjectionRow>(_ db: Database, _ sql: String, _ arguments: StatementArguments = [])
        throws -> [Entry]
    {
        let statement = try db.makeStatement(sql: sql)
        statement.arguments = arguments
        guard statement.columnNames == Entry.columnNames else {
            throw ProjectionError.columnsDiffer(
                type: "\(Entry.self)", columns: statement.columnNames, expected: Entry.columnNames)
        }
        return try Entry.fetchAll(statement)
    }
}

extension ProjectionReader {
    /// Everything a static site shows, read in one transaction (see ``SiteRows``).
    public func siteRows() throws -> SiteRows {
        try within { ctx in
            SiteRows(
                events: try ctx.rows(
                    "SELECT * FROM standing_events WHERE type <> 'entity' AND type <> 'capture' ORDER BY occurred_sort, seq"
                ),
                actors: try ctx.rows("SELECT * FROM event_actors ORDER BY event_seq, position"),
                stances: try ctx.rows("SELECT * FROM claim_history ORDER BY event_seq, claim_id"),
                sources: try ctx.rows(
                    """
                    SELECT es.event_seq, s.publisher, s.title, s.url, s.published, es.quote
                    FROM event_sources es JOIN sources s ON s.id = es.source_id ORDER BY es.event_seq, es.position
                    """),
                entities: try ctx.rows("SELECT * FROM entities ORDER BY id"),
                claims: try ctx.rows("SELECT * FROM claim_standing ORDER BY first_occurred NULLS FIRST, id"),
                bans: try ctx.rows("SELECT * FROM ban_periods ORDER BY imposed, id"),
                lifts: try ctx.rows(Self.lifts))
        }
    }
}
