import AnnalsCore
import AnnalsStore
import Foundation
import GRDB

/// Keeps a PostgreSQL schema equal to the log, by way of the SQLite projection: the one
/// ``Projector`` decides every row, the local database is caught up first, and PostgreSQL gets
/// the rows that changed since the seq and chain head it keeps in its `meta` table. So the two
/// projections can never disagree on a fact.
///
/// A catch-up is one transaction (readers see the schema before or after it, never half of it).
/// A rebuild loads a scratch schema (`<schema>__build`) with `COPY` and swaps it in with one
/// transaction, so readers keep the old state until the new one is complete. An advisory lock
/// keeps two syncs of one schema from running at once.
public final class PostgresSync {
    /// What one pass did.
    public struct Report: Sendable, Equatable {
        /// Why the schema was rebuilt from scratch, or nil if it was caught up in place (or already current).
        public var rebuiltBecause: String?
        /// Records applied (all of them for a rebuild).
        public var applied: Int64
        /// Rows sent with COPY.
        public var rows: Int
        /// The seq the schema stands at now.
        public var lastSeq: Int64
        public var chainHead: String
    }

    public let schema: String
    let url: String
    private var connection: PostgresConnection?
    /// The SQLite projection the current pass reads.
    private var localPath = ""

    /// Checks the schema name (a plain identifier, so it never needs quoting rules of its own)
    /// and the URL; with `connectNow`, connects once too, so an unreachable server fails early
    /// (`annals sync --watch` does not: it waits for the server).
    public init(url: String, schema: String = "annals", connectNow: Bool = true) throws {
        guard Self.isIdentifier(schema) else { throw PostgresError.badSchema(schema) }
        try PostgresConnection.check(url)
        if connectNow { _ = try PostgresConnection(url: url) }
        self.url = url
        self.schema = schema
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, (0x61...0x7A).contains(first), name.utf8.count <= 50 else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Brings the schema up to the end of the log. With `wait`, waits for another sync holding
    /// the schema's lock instead of refusing; with `rebuild`, rebuilds even if it could catch up.
    public func sync(
        _ log: EventLog, wait: Bool = false, rebuild: Bool = false, progress: @escaping (Int64) -> Void = { _ in }
    ) throws -> Report {
        _ = try ProjectionStore.catchUp(log, progress: progress)
        localPath = ProjectionStore.path(log.layout)
        let local = try DatabaseQueue(path: localPath, configuration: ProjectionStore.configuration(readonly: true))
        let pg = try connect()
        do {
            try lock(pg, wait: wait)
            defer { _ = try? pg.query("SELECT pg_advisory_unlock(hashtext($1))", [lockKey]) }
            return try local.read { db in try apply(db, to: pg, forceRebuild: rebuild, progress: progress) }
        } catch let error as PostgresError {
            if case .connectionLost = error { connection = nil }
            throw error
        }
    }

    /// The connection, made again after one was lost.
    private func connect() throws -> PostgresConnection {
        if let connection, (try? connection.execute("SELECT 1")) != nil { return connection }
        connection = nil
        let made = try PostgresConnection(url: url)
        connection = made
        return made
    }

    private var lockKey: String { "annals sync " + schema }

    private func lock(_ pg: PostgresConnection, wait: Bool) throws {
        if wait {
            try pg.query("SELECT pg_advisory_lock(hashtext($1))", [lockKey])
        } else if try pg.query("SELECT pg_try_advisory_lock(hashtext($1))", [lockKey]).scalar != "t" {
            throw PostgresError.busy(schema: schema)
        }
    }

    /// Decides between nothing, a catch-up and a rebuild, and does it.
    private func apply(_ db: Database, to pg: PostgresConnection, forceRebuild: Bool, progress: (Int64) -> Void)
        throws -> Report
    {
        let local = try Meta.read(db)
        let remote = try inspect(pg)
        var reason: String?
        switch remote {
        case .missing: reason = "the schema \(schema) holds no Annals projection yet"
        case .outdated(let why): reason = why
        case .current(let seq, let head):
            if forceRebuild {
                reason = "a rebuild was asked for (--rebuild)"
            } else if seq > local.lastSeq {
                reason = "it is at seq \(seq), past the end of the log (\(local.lastSeq)): another history"
            } else if try headAt(seq, in: db) != head {
                reason = "its history differs from the log's at seq \(seq) (a merge, rebase or edit)"
            } else {
                let rows = seq == local.lastSeq ? 0 : try catchUp(db, pg, from: seq, meta: local)
                return Report(
                    rebuiltBecause: nil, applied: local.lastSeq - seq, rows: rows, lastSeq: local.lastSeq,
                    chainHead: local.chainHead)
            }
        }
        let rows = try build(db, pg, meta: local, progress: progress)
        return Report(
            rebuiltBecause: reason, applied: local.lastSeq, rows: rows, lastSeq: local.lastSeq,
            chainHead: local.chainHead)
    }

    /// The chain head after record `seq` (the genesis head for 0).
    private func headAt(_ seq: Int64, in db: Database) throws -> String {
        if seq == 0 { return Digest.genesis }
        return try String.fetchOne(db, sql: "SELECT hash FROM event_versions WHERE vid = ?", arguments: [seq]) ?? ""
    }

    // MARK: What the schema holds

    enum RemoteState {
        case missing
        case outdated(String)
        case current(seq: Int64, head: String)
    }

    private func inspect(_ pg: PostgresConnection) throws -> RemoteState {
        let relations = try pg.query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1", [schema]
        ).values.compactMap { $0[0] }
        if relations.isEmpty { return .missing }
        let ours = Set(PostgresSchema.tables.map(\.name) + PostgresViews.all.map(\.name))
        let foreign = relations.filter { !ours.contains($0) }
        if !foreign.isEmpty {
            throw PostgresError.foreignSchema(
                schema: schema,
                why: "holds tables or views Annals did not make ("
                    + foreign.prefix(5).map { UserText.escaped($0) }.joined(separator: ", ") + ")")
        }
        guard relations.contains("meta") else { return .outdated("its meta table is missing") }
        var meta: [String: String] = [:]
        for row in try pg.execute("SELECT key, value FROM \(schema).meta").values {
            if let key = row[0], let value = row[1] { meta[key] = value }
        }
        guard meta["postgres_schema_version"] == PostgresSchema.version else {
            return .outdated(
                "its schema version is \(meta["postgres_schema_version"] ?? "unknown"), this annals uses "
                    + PostgresSchema.version)
        }
        let layout = try layoutDigest(pg, schema: schema)
        guard meta["layout"] == layout else {
            return .outdated("its tables or views were altered since annals made them")
        }
        guard let seq = meta["last_seq"].flatMap({ Int64($0) }), let head = meta["chain_head"] else {
            return .outdated("its meta table does not say which seq it holds")
        }
        return .current(seq: seq, head: head)
    }

    /// A digest of every column of every table and view in `schema` (name, type, position):
    /// it changes when anyone adds, drops, renames or retypes one.
    private func layoutDigest(_ pg: PostgresConnection, schema: String) throws -> String {
        try pg.query(
            """
            SELECT md5(coalesce(string_agg(table_name || '.' || column_name || ':' || data_type || ':'
                                           || ordinal_position, ',' ORDER BY table_name, ordinal_position), ''))
            FROM information_schema.columns WHERE table_schema = $1 AND table_name <> 'meta'
            """, [schema]
        ).scalar ?? ""
    }

    // MARK: Rebuild

    /// Loads every row into `<schema>__build` on two connections (tables, then their keys and
    /// indexes), then swaps it in for `<schema>` in one transaction.
    private func build(_ db: Database, _ pg: PostgresConnection, meta: Meta, progress: (Int64) -> Void) throws -> Int {
        let scratch = schema + "__build"
        try pg.execute(
            "DROP SCHEMA IF EXISTS \(scratch) CASCADE; CREATE SCHEMA \(scratch); SET search_path TO \(scratch);")
        try pg.execute(PostgresSchema.ddl)
        let second = try PostgresConnection(url: url)
        try second.execute("SET search_path TO \(scratch)")
        let rows = try PostgresLoadLanes.run(
            try loadTasks(db), db: db, pg: pg, second: second, sqlitePath: localPath,
            progress: { progress(Int64($0)) })
        _ = try PostgresLoadLanes.run(
            PostgresSchema.indexes.map { .sql($0) }, db: db, pg: pg, second: second, sqlitePath: localPath,
            progress: { _ in })
        try PostgresViews.create(on: pg)
        try writeMeta(pg, meta: meta, layout: try layoutDigest(pg, schema: scratch))
        try pg.execute(
            """
            SET search_path TO public; BEGIN; DROP SCHEMA IF EXISTS \(schema) CASCADE;
            ALTER SCHEMA \(scratch) RENAME TO \(schema); COMMIT;
            """)
        return rows
    }

    /// Every table's rows, the costliest first; the full-text rows (the server computes a
    /// text-search vector for each) in two halves, one for each lane.
    private func loadTasks(_ db: Database) throws -> [PostgresLoadLanes.Task] {
        let middle = (try Int64.fetchOne(db, sql: "SELECT max(vid) FROM event_versions") ?? 0) / 2
        let columns = Dictionary(uniqueKeysWithValues: PostgresSchema.tables.map { ($0.name, $0.columns) })
        let search = columns["search"]!
        return [
            .copy(table: "search", columns: search, sqliteCondition: "rowid <= \(middle)"),
            .copy(table: "search", columns: search, sqliteCondition: "rowid > \(middle)"),
        ]
            + PostgresSchema.tables.filter { $0.name != "meta" && $0.name != "search" }.map {
                .copy(table: $0.name, columns: $0.columns, sqliteCondition: nil)
            }
    }

    // MARK: Catch-up

    /// Sends what records after `seq` changed, in one transaction: the rows they added to the
    /// append-only tables, and every version, actor, citation and full-text row of the events
    /// they added or amended (deleted and sent again: an amendment rewrites its target's rows).
    private func catchUp(_ db: Database, _ pg: PostgresConnection, from seq: Int64, meta: Meta) throws -> Int {
        let targets = try Int64.fetchAll(
            db, sql: "SELECT DISTINCT amends FROM event_versions WHERE vid > ? AND amends IS NOT NULL", arguments: [seq]
        )
        let list = targets.map(String.init).joined(separator: ",")
        let touched = "seq > \(seq)" + (targets.isEmpty ? "" : " OR seq IN (\(list))")
        let touchedEvents = "event_seq > \(seq)" + (targets.isEmpty ? "" : " OR event_seq IN (\(list))")
        let newBans = "ban_id IN (SELECT id FROM ban_facts WHERE imposed_by > \(seq))"
        // The same conditions on both sides: integers only, so nothing needs quoting.
        let conditions: [String: String] = [
            "event_versions": touched,
            "event_actor_versions": touchedEvents,
            "event_source_versions": touchedEvents,
            "search": "vid IN (SELECT vid FROM event_versions WHERE \(touched))",
            "entity_facts": "registered_by > \(seq)",
            "entity_alias_facts": "entity_id IN (SELECT id FROM entity_facts WHERE registered_by > \(seq))",
            // A source is made by its first citation (known_from = first_seq), an indexed lookup
            // where a scan for first_seq would read every source.
            "source_facts":
                "first_seq > \(seq) AND id IN (SELECT source_id FROM event_source_versions WHERE (\(touchedEvents)) "
                + "AND known_from > \(seq))",
            "claim_facts": "introduced_by > \(seq)",
            "claim_history_facts": "event_seq > \(seq)",
            "ban_facts": "imposed_by > \(seq)",
            "ban_target_facts": newBans,
            "ban_item_facts": newBans,
            "ban_lift_facts": "event_seq > \(seq)",
            "release_facts": "event_seq > \(seq)",
            "capture_facts": "event_seq > \(seq)",
        ]
        let kept = Self.keptConditions(after: seq, targets: list)
        try pg.execute("SET search_path TO \(schema); BEGIN")
        do {
            // Old rows go first, dependents before what they depend on (search reads event_versions).
            for table in PostgresSchema.tables.reversed() where table.name != "meta" && kept[table.name] == nil {
                try pg.execute("DELETE FROM \(table.name) WHERE \(conditions[table.name]!)")
            }
            var rows = 0
            for table in PostgresSchema.tables where table.name != "meta" && kept[table.name] == nil {
                let condition = conditions[table.name]!
                // SQLite's full-text table has no vid column: its rowid is the vid.
                let local =
                    table.name == "search" ? condition.replacingOccurrences(of: "vid IN", with: "rowid IN") : condition
                rows += try Self.copy(table.name, table.columns, from: db, where: local, to: pg)
            }
            // The kept rows of the claims and bans these records touched, found through the
            // base rows just sent (so the same condition names the same rows on both sides).
            for table in PostgresSchema.tables where kept[table.name] != nil {
                try pg.execute("DELETE FROM \(table.name) WHERE \(kept[table.name]!)")
                rows += try Self.copy(table.name, table.columns, from: db, where: kept[table.name]!, to: pg)
            }
            try writeMeta(pg, meta: meta, layout: nil)
            try pg.execute("COMMIT")
            return rows
        } catch {
            _ = try? pg.execute("ROLLBACK")
            throw error
        }
    }

    /// Which kept rows records after `seq` may have changed: those of the claims and bans of
    /// their stances, assessments, bans and lifts, and of the events they amend (`targets`, a
    /// list of seqs, may be empty).
    static func keptConditions(after seq: Int64, targets: String) -> [String: String] {
        let events = "event_seq > \(seq)" + (targets.isEmpty ? "" : " OR event_seq IN (\(targets))")
        let imposed = "imposed_by > \(seq)" + (targets.isEmpty ? "" : " OR imposed_by IN (\(targets))")
        return [
            "claim_standing_now": "id IN (SELECT claim_id FROM claim_history_facts WHERE \(events))",
            "ban_periods_now":
                "id IN (SELECT id FROM ban_facts WHERE \(imposed)) "
                + "OR id IN (SELECT ban_id FROM ban_lift_facts WHERE \(events))",
        ]
    }

    // MARK: Rows

    /// Copies the rows of one table (those matching `condition`, in SQLite's terms) from SQLite to PostgreSQL.
    static func copy(
        _ table: String, _ columns: [String], from db: Database, where condition: String?, to pg: PostgresConnection
    ) throws -> Int {
        let names = columns.map { table == "search" && $0 == "vid" ? "rowid" : $0 }
        // PostgreSQL's full-text rows hold the prepared text its vector is made of (SQLite's
        // search_terms); searches show snippets of the events' original text.
        var sql = "SELECT \(names.joined(separator: ", ")) FROM \(table == "search" ? "search_terms" : table)"
        if let condition { sql += " WHERE " + condition }
        let statement = try db.makeStatement(sql: sql)
        let width = columns.count
        return try pg.copy("COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN") { writer in
            let cursor = try Row.fetchCursor(statement)
            var values = [String?](repeating: nil, count: width)
            while let row = try cursor.next() {
                for i in 0..<width {
                    let value: DatabaseValue = row[i]
                    switch value.storage {
                    case .null: values[i] = nil
                    case .int64(let v): values[i] = String(v)
                    case .double(let v): values[i] = String(v)
                    case .string(let v): values[i] = v
                    case .blob(let v): values[i] = String(decoding: v, as: UTF8.self)
                    }
                }
                try writer.row(values)
            }
        }
    }

    /// Replaces the meta rows: the SQLite projection's position in the log, and this schema's
    /// version and layout digest (nil: keep the one stored).
    private func writeMeta(_ pg: PostgresConnection, meta: Meta, layout: String?) throws {
        var values: [(String, String)] = [
            ("postgres_schema_version", PostgresSchema.version), ("schema_version", String(Schema.version)),
            ("kind", "live"), ("last_seq", String(meta.lastSeq)), ("chain_head", meta.chainHead),
        ]
        if let layout { values.append(("layout", layout)) }
        for (key, value) in values {
            try pg.query(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value])
        }
    }
}
