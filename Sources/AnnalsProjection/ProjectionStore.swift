import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation
import GRDB

/// The projection database of a ledger (`.annals/annals.sqlite`): opened, validated, caught up
/// with the log, or rebuilt from it. Also builds replays: the state as of a valid date and as
/// known at a transaction time, in a database of the same schema.
public enum ProjectionStore {
    /// What bringing the live database up to date did.
    public struct CatchUp: Sendable {
        /// Why the database was rebuilt from scratch, or nil if it was caught up in place.
        public var rebuiltBecause: String?
        public var applied: Int
        public var lastSeq: Int64
    }

    /// Which state a replay builds.
    public struct Moment: Sendable, Equatable {
        /// Valid time: leave out events that occurred after this date.
        public var asOf: PartialDate?
        /// Transaction time: only records recorded at or before this instant…
        public var knownAt: Timestamp?
        /// …or with at most this seq.
        public var knownAtSeq: Int64?

        public init(asOf: PartialDate? = nil, knownAt: Timestamp? = nil, knownAtSeq: Int64? = nil) {
            self.asOf = asOf
            self.knownAt = knownAt
            self.knownAtSeq = knownAtSeq
        }

        public var isNow: Bool { asOf == nil && knownAt == nil && knownAtSeq == nil }

        func includes(_ r: LogRecord) -> Bool {
            if let knownAt, r.recorded > knownAt { return false }
            if let knownAtSeq, r.seq > knownAtSeq { return false }
            return true
        }
    }

    public static func path(_ layout: LedgerLayout) -> String { layout.state + "/annals.sqlite" }

    // MARK: The live database

    /// Brings `.annals/annals.sqlite` up to the end of the log: O(new records) when it matches
    /// a prefix of the log; a rebuild (said in `rebuiltBecause`) when it is missing, damaged,
    /// foreign, of another schema version, or of another history.
    public static func catchUp(_ log: EventLog, progress: (Int64) -> Void = { _ in }) throws -> CatchUp {
        let path = path(log.layout)
        try makeStateDirectory(log.layout)
        var reason: String? = FileSystem.exists(path) ? nil : "there is no projection database yet"
        if reason == nil {
            do {
                let queue = try DatabaseQueue(path: path, configuration: configuration(readonly: false))
                if let problem = try check(queue) {
                    reason = problem
                } else {
                    switch try checkLog(queue, log: log) {
                    case .failure(let changed):
                        reason = changed.reason
                    case .success(let fresh):
                        if let done = try applyNew(queue, log: log) {
                            if let fresh { try storeFingerprint(queue, fresh) }
                            return done
                        }
                        reason = "the log no longer starts with the history it was built from (a merge, rebase or edit)"
                    }
                }
            } catch let error as DatabaseError {
                reason = "it is damaged (\(error.message ?? "\(error.resultCode)"))"
            }
        }
        let (applied, lastSeq) = try rebuild(log, to: path, moment: Moment(), progress: progress)
        try storeFingerprint(try DatabaseQueue(path: path, configuration: configuration(readonly: false)), log: log)
        return CatchUp(rebuiltBecause: reason, applied: applied, lastSeq: lastSeq)
    }

    /// Why the database cannot be caught up in place.
    struct LogChanged: Error { var reason: String }

    /// Whether the records the database was built from are still as it read them (the
    /// fingerprint of `Events/` it keeps says so), with the fingerprint of `Events/` now; a
    /// failure says why not (edited, cut or removed bytes, or no fingerprint). The fingerprint is
    /// nil when it is the one kept already.
    static func checkLog(_ queue: DatabaseQueue, log: EventLog) throws -> Result<LogFingerprint?, LogChanged> {
        let text = try queue.read {
            try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'log_fingerprint'")
        }
        guard let text, let fingerprint = LogFingerprint(text: text) else {
            return .failure(LogChanged(reason: "it keeps no fingerprint of Events/"))
        }
        let (change, fresh) = try log.refresh(fingerprint)
        if case .rewritten(let why) = change {
            return .failure(LogChanged(reason: "\(why) since it was built; every record is checked again"))
        }
        return .success(fresh == fingerprint ? nil : fresh)
    }

    /// Records `fingerprint` (default: `Events/` as it is now, hashed whole) as what the
    /// database was built from.
    static func storeFingerprint(_ queue: DatabaseQueue, _ fingerprint: LogFingerprint? = nil, log: EventLog? = nil)
        throws
    {
        guard let now = try fingerprint ?? log?.fingerprint(reusing: nil) else { return }
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('log_fingerprint', ?) "
                    + "ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [now.text])
        }
    }

    /// A read-only connection to the live database (call ``catchUp(_:progress:)`` first).
    public static func openReader(_ layout: LedgerLayout) throws -> ProjectionReader {
        ProjectionReader(try DatabaseQueue(path: path(layout), configuration: configuration(readonly: true)))
    }

    static func configuration(readonly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)
        return config
    }

    /// Why this database cannot be trusted, or nil.
    static func check(_ queue: DatabaseQueue) throws -> String? {
        try queue.read { db in
            let app = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            if app != Schema.applicationID { return "it is not an Annals projection (application_id \(app))" }
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            if version != Schema.version {
                return "its schema version is \(version), this annals uses \(Schema.version)"
            }
            let kind = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'kind'")
            if kind != "live" { return "it is a replay, not the live projection" }
            return nil
        }
    }

    /// Applies the records after the database's last seq, in one transaction. Nil when the
    /// database's last record is not in the log as it was (another history).
    static func applyNew(_ queue: DatabaseQueue, log: EventLog) throws -> CatchUp? {
        var result: CatchUp?
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let meta = try Meta.read(db)
                let projector = Projector(db: db)
                var applied = 0
                var last = meta.lastSeq
                var head = meta.chainHead
                var position = meta.position
                var matched = meta.lastSeq == 0
                do {
                    try log.forEachRecord(from: meta.position) { record, place in
                        if !matched {
                            // The first record read must be the one the database ends with.
                            matched = record.seq == meta.lastSeq && record.hash == meta.chainHead
                            return matched
                        }
                        try projector.apply(record)
                        applied += 1
                        (last, head, position) = (record.seq, record.hash, place)
                        return true
                    }
                } catch StoreError.corrupt where !matched {
                    return .rollback  // the remembered place is gone or changed
                }
                guard matched else { return .rollback }
                try projector.keepUp()
                if applied > 0 { try Meta(lastSeq: last, chainHead: head, position: position).write(db) }
                result = CatchUp(rebuiltBecause: nil, applied: applied, lastSeq: last)
                return .commit
            }
        }
        return result
    }

    // MARK: Building from scratch

    /// Builds a database for `moment` at `path` from the whole log: written to a temporary file,
    /// then renamed over `path`, so a crash leaves the old database or none, never half of one.
    @discardableResult
    static func rebuild(_ log: EventLog, to path: String, moment: Moment, progress: (Int64) -> Void) throws -> (
        Int, Int64
    ) {
        let tmp = TemporaryPath.unique(path + ".tmp")
        try? FileSystem.remove(tmp)
        defer { try? FileSystem.remove(tmp) }
        var config = configuration(readonly: false)
        config.prepareDatabase { db in try db.execute(sql: bulkPragmas) }
        var result: (Int, Int64) = (0, 0)
        do {
            let queue = try DatabaseQueue(path: tmp, configuration: config)
            try queue.writeWithoutTransaction { db in
                try createSchema(db, indexes: false)
                try db.inTransaction {
                    result = try fill(db, log: log, moment: moment, progress: progress)
                    try createIndexes(db)
                    return .commit
                }
            }
            try queue.close()
        } catch let error as DatabaseError {
            throw ProjectionError.cannotWrite(path: path, message: error.message ?? "\(error.resultCode)")
        }
        for suffix in ["-journal", "-wal", "-shm"] { try? FileSystem.remove(path + suffix) }
        try swap(tmp, into: path)
        return result
    }

    /// Puts the finished database file `tmp` in the place of `path` durably (see
    /// ``FileSystem/replace(_:withTemporary:synced:operation:)``); a failure is a ``ProjectionError``.
    static func swap(_ tmp: String, into path: String) throws {
        do {
            try FileSystem.replace(path, withTemporary: tmp)
        } catch .io(_, _, let failure) {
            throw ProjectionError.cannotWrite(path: path, message: StoreError.message(errno: failure))
        }
    }

    /// Creates the schema; with `indexes: false`, only tables and views (call ``createIndexes(_:)`` after
    /// loading rows).
    static func createSchema(_ db: Database, indexes: Bool = true) throws {
        try db.execute(sql: Schema.tables)
        for view in Schema.views { try db.execute(sql: "CREATE VIEW \(view.name) AS\n\(view.body)") }
        if indexes { try createIndexes(db) }
        try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = \(Schema.version)")
    }

    /// Creates the secondary indexes, then derives the kept rows (which read through them).
    static func createIndexes(_ db: Database) throws {
        try db.execute(sql: Schema.indexes)
        try KeptRows.deriveMissing(db)
    }

    /// Settings for building a database from scratch in a file nobody else sees yet.
    static let bulkPragmas =
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY"

    /// Applies every record of `moment` to an empty schema and writes the meta rows.
    static func fill(_ db: Database, log: EventLog, moment: Moment, progress: (Int64) -> Void) throws -> (Int, Int64) {
        var projector = Projector(db: db)
        projector.tally = KeptTally()
        if let asOf = moment.asOf {
            // Corrections known at that moment may move an event into or out of the period.
            var filter = ReplayFilter(asOf: asOf.startDay)
            try log.forEachRecord(from: nil) { record, _ in
                guard moment.includes(record) else { return false }
                filter.scan(record)
                return true
            }
            projector.replay = filter
        }
        var applied = 0
        var last: Int64 = 0
        var head = Digest.genesis
        var position: LogPosition?
        try log.forEachRecordReadingAhead(from: nil) { record, place in
            guard moment.includes(record) else { return false }
            try projector.apply(record)
            applied += 1
            (last, head, position) = (record.seq, record.hash, place)
            if applied % 10_000 == 0 { progress(Int64(applied)) }
            return true
        }
        progress(Int64(applied))
        try projector.tally?.write(db)
        var meta = Meta(lastSeq: last, chainHead: head, position: position)
        meta.kind = moment.isNow ? "live" : "replay"
        meta.moment = moment
        try meta.write(db)
        return (applied, last)
    }

    // MARK: Replays

    /// The state at `moment`, built in memory by replaying the log: the reference the moment
    /// views are tested against, and what `snapshot verify` and `review` recompute.
    public static func replay(_ log: EventLog, moment: Moment, progress: (Int64) -> Void = { _ in }) throws
        -> ProjectionReader
    {
        let queue = try DatabaseQueue(configuration: configuration(readonly: false))
        try queue.writeWithoutTransaction { db in
            try createSchema(db, indexes: false)
            try db.inTransaction {
                _ = try fill(db, log: log, moment: moment, progress: progress)
                try createIndexes(db)
                return .commit
            }
        }
        return ProjectionReader(queue)
    }

    static func makeStateDirectory(_ layout: LedgerLayout) throws {
        try FileSystem.createDirectories(layout.state)
    }
}
