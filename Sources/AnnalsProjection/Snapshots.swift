import AnnalsCore
import AnnalsStore
import Foundation
import GRDB

/// Snapshots of projection states: writing them, restoring them, checking them against the
/// log, and starting replays from them.
public enum Snapshots {

    /// Where a state stands: its last seq and chain head, from its meta rows.
    public static func position(of reader: ProjectionReader) throws -> (seq: Int64, head: String) {
        try reader.read { db in
            let seq =
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'last_seq'").flatMap { Int64($0) } ?? 0
            let head = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'chain_head'") ?? Digest.genesis
            return (seq, head)
        }
    }

    /// Writes the state `reader` shows to `path`.
    public static func write(
        _ reader: ProjectionReader, moment: ProjectionStore.Moment, to path: String, scratch: String? = nil,
        level: Int32 = SnapshotFile.level
    ) throws -> (header: SnapshotHeader, bytes: Int, uncompressed: Int) {
        let (seq, head) = try position(of: reader)
        return try SnapshotFile.write(
            to: path, scratch: scratch, level: level,
            makeHeader: { rows, digest, bytes in
                SnapshotHeader(
                    schema: Int64(Schema.version), asOf: moment.asOf?.description, knownAt: moment.knownAt?.description,
                    seq: seq, chainHead: head, rows: rows, digest: digest, bytes: bytes, knownAtSeq: moment.knownAtSeq)
            },
            body: { emit in
                try SnapshotRows.forEachLine(reader) { line, table in try emit(line, table) }
            }
        )
    }

    /// Why a snapshot cannot be used as a starting point, or nil.
    public static func unusable(_ header: SnapshotHeader) -> String? {
        if header.format != SnapshotHeader.currentFormat {
            return "it has snapshot format \(header.format), this annals reads \(SnapshotHeader.currentFormat)"
        }
        if header.schema != Int64(Schema.version) {
            return "it was written with schema version \(header.schema), this annals uses \(Schema.version)"
        }
        return nil
    }

    /// Loads a snapshot (already checked) into an empty database with the current schema,
    /// with meta saying where in the log it stands.
    static func load(
        _ path: String, name: String, header: SnapshotHeader, into db: Database, kind: String, position: LogPosition?
    ) throws {
        try ProjectionStore.createSchema(db, indexes: false)
        let (_, reader) = try SnapshotFile.open(path: path, name: name)
        // Rows come in table-name order, children before parents: check foreign keys once at
        // the end instead of row by row (which, deferred, would scan child tables per parent).
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
        try db.inTransaction {
            _ = try SnapshotRows.restore(lines: { try reader.nextLine() }, into: db)
            try ProjectionStore.createIndexes(db)
            if let broken = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                throw SnapshotError.damaged(
                    name: name, reason: "a row of \(broken[0] as String? ?? "?") refers to a row that is not there")
            }
            var meta = Meta(lastSeq: header.seq, chainHead: header.chainHead, position: position)
            meta.kind = kind
            meta.moment = ProjectionStore.Moment(
                asOf: try header.asOf.map { try PartialDate.parse($0) }, knownAtSeq: header.seq)
            try meta.write(db)
            return .commit
        }
    }

    /// Makes a snapshot of "now" (no as-of) the live projection database, then catches it up
    /// with the log. Refuses a snapshot of another history or of a valid-time cut.
    public static func restore(_ path: String, name: String, log: EventLog) throws -> ProjectionStore.CatchUp {
        let header = try SnapshotFile.checkDigest(path: path, name: name)
        if let why = unusable(header) { throw SnapshotError.damaged(name: name, reason: why) }
        guard header.asOf == nil else {
            throw SnapshotError.notASnapshot(
                reason:
                    "\(name) holds the state as of \(header.asOf!), not a prefix of the log; only a snapshot without "
                    + "--as-of can become the live projection"
            )
        }
        var position: LogPosition?
        if header.seq > 0 {
            var found: (LogRecord, LogPosition)?
            try log.forEachRecord(startingAt: header.seq) { record, place in
                if record.seq == header.seq { found = (record, place) }
                return false
            }
            guard let (record, place) = found, record.hash == header.chainHead else {
                throw SnapshotError.damaged(
                    name: name,
                    reason: "the log's record \(header.seq) is not the one the snapshot was made at (another history)")
            }
            position = place
        }
        let path2 = ProjectionStore.path(log.layout)
        let tmp = path2 + ".restore-\(getpid())"
        try? FileSystem.remove(tmp)
        defer { try? FileSystem.remove(tmp) }
        let queue = try DatabaseQueue(path: tmp, configuration: ProjectionStore.configuration(readonly: false))
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: ProjectionStore.bulkPragmas)
            try load(path, name: name, header: header, into: db, kind: "live", position: position)
        }
        // The snapshot's chain head was found at its seq in the log: take the log as it is now
        // as the one this database was made from.
        try ProjectionStore.storeFingerprint(queue, log: log)
        try queue.close()
        for suffix in ["-journal", "-wal", "-shm"] { try? FileSystem.remove(path2 + suffix) }
        guard rename(tmp, path2) == 0 else {
            throw ProjectionError.cannotWrite(path: path2, message: String(cString: strerror(errno)))
        }
        return try ProjectionStore.catchUp(log)
    }

    /// Replays `moment` starting from the best snapshot among `candidates` (same as-of, at or
    /// before the moment's last record, current schema, digest intact), or from the start.
    /// `notice` hears about each snapshot skipped and why.
    public static func replay(
        _ log: EventLog, moment: ProjectionStore.Moment, candidates: [(path: String, name: String)],
        notice: (String) -> Void
    ) throws -> (ProjectionReader, from: String?) {
        let target = try ProjectionStore.targetSeq(log, moment: moment)
        var usable: [(path: String, name: String, header: SnapshotHeader)] = []
        for c in candidates {
            do {
                let (header, _) = try SnapshotFile.open(path: c.path, name: c.name)
                guard header.asOf == moment.asOf?.description && header.seq <= target else { continue }
                // Only a snapshot of this very history: the log's record at its seq must be its chain head.
                if header.seq > 0, try log.record(seq: header.seq)?.hash != header.chainHead {
                    notice(
                        "not starting from snapshot \(c.name): it was made from another history (record \(header.seq) "
                            + "differs)"
                    )
                    continue
                }
                usable.append((c.path, c.name, header))
            } catch {
                notice("not starting from snapshot \(c.name): \(error)")
            }
        }
        // The latest first; each one that fails a check is skipped with a notice, never trusted.
        for b in usable.sorted(by: { ($0.header.seq, $0.name) > ($1.header.seq, $1.name) }) {
            if let why = unusable(b.header) {
                notice("not starting from snapshot \(b.name): \(why)")
                continue
            }
            do {
                _ = try SnapshotFile.checkDigest(path: b.path, name: b.name)
                let queue = try DatabaseQueue(configuration: ProjectionStore.configuration(readonly: false))
                var resumed = false
                try queue.writeWithoutTransaction { db in
                    try load(b.path, name: b.name, header: b.header, into: db, kind: "replay", position: nil)
                    try db.inTransaction {
                        resumed = try ProjectionStore.resume(db, log: log, moment: moment, after: b.header.seq)
                        return resumed ? .commit : .rollback
                    }
                }
                if resumed { return (ProjectionReader(queue), b.name) }
                notice("not starting from snapshot \(b.name): a later correction moves an event in valid time")
            } catch {
                notice("not starting from snapshot \(b.name): \(error)")
            }
        }
        return (try ProjectionStore.replay(log, moment: moment), nil)
    }
}
