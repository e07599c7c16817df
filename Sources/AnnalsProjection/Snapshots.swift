import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation
import GRDB

/// Snapshots of projection states: writing them, restoring them and checking them against the log.
public enum Snapshots {

    /// Where a state stands: its last seq and chain head, from its meta rows (or, for a reader
    /// at an earlier moment, from the last record the moment includes).
    public static func position(of reader: ProjectionReader) throws -> (seq: Int64, head: String) {
        try reader.within { ctx in
            if let known = reader.cut?.knownSeq {
                let head = try ctx.column("SELECT hash FROM event_versions WHERE vid = ?", [known], as: String.self)
                return (known, head.first ?? Digest.genesis)
            }
            let seq =
                try ctx.column("SELECT value FROM meta WHERE key = 'last_seq'", as: String.self).first
                .flatMap { Int64($0) } ?? 0
            let head =
                try ctx.column("SELECT value FROM meta WHERE key = 'chain_head'", as: String.self).first
                ?? Digest.genesis
            return (seq, head)
        }
    }

    /// Writes the state `reader` shows to `path`.
    public static func write(
        _ reader: ProjectionReader, moment: ProjectionStore.Moment, to path: String, scratch: String? = nil,
        level: Int32 = SnapshotFile.level, log: EventLog? = nil
    ) throws -> (header: SnapshotHeader, bytes: Int, uncompressed: Int) {
        let (seq, head) = try position(of: reader)
        // The root of the log's tree at the snapshot's seq ties it to this history (see restore).
        let root = try log.map { Digest.hex(try $0.treeHead(size: seq).root) }
        return try SnapshotFile.write(
            to: path, scratch: scratch, level: level,
            makeHeader: { rows, digest, bytes in
                SnapshotHeader(
                    format: rows.keys.contains { $0.hasSuffix("_history") && $0 != "claim_history" } ? 2 : 1,
                    schema: Int64(Schema.stateVersion), asOf: moment.asOf?.description,
                    knownAt: moment.knownAt?.description,
                    seq: seq, chainHead: head, rows: rows, digest: digest, bytes: bytes, knownAtSeq: moment.knownAtSeq,
                    treeRoot: root)
            },
            body: { emit in
                try SnapshotRows.forEachLine(reader) { line, table in try emit(line, table) }
            }
        )
    }

    /// Why a snapshot cannot be used as a starting point, or nil.
    public static func unusable(_ header: SnapshotHeader) -> String? {
        if !(1...SnapshotHeader.currentFormat).contains(header.format) {
            return "it has snapshot format \(header.format), this annals reads 1 to \(SnapshotHeader.currentFormat)"
        }
        if header.schema != Int64(Schema.stateVersion) {
            return "it was written with schema version \(header.schema), this annals uses \(Schema.stateVersion)"
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
            try fillImpliedRows(db)
            if header.format < 2,
                try Bool.fetchOne(db, sql: "SELECT 1 FROM event_versions WHERE amended_by IS NOT NULL") != nil
            {
                throw SnapshotError.damaged(
                    name: name,
                    reason: "it is in snapshot format 1, which leaves out the versions corrections superseded; "
                        + "create a new snapshot (or rebuild the projection from the log)")
            }
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
        try checkTree(header, name: name, log: log)
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
        let tmp = TemporaryPath.unique(path2 + ".restore")
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
        try ProjectionStore.swap(tmp, into: path2)
        return try ProjectionStore.catchUp(log)
    }

    /// Refuses a snapshot whose Merkle root is missing or is not the log's own tree at its seq:
    /// one cheap check (O(log n) with the tree in `.annals/`) that it was made from this history.
    /// Its rows are proven only by `snapshot verify`, which `review` runs on every snapshot a change adds.
    public static func checkTree(_ header: SnapshotHeader, name: String, log: EventLog) throws {
        guard let root = header.treeRoot else {
            throw SnapshotError.damaged(
                name: name, reason: "it records no Merkle root of the log (an older annals made it); create it again")
        }
        let records = try log.lastSeq()
        guard header.seq <= records, Digest.hex(try log.treeHead(size: header.seq).root) == root else {
            throw SnapshotError.damaged(
                name: name,
                reason: header.seq > records
                    ? "it is at seq \(header.seq), past the log's \(records) records (another history)"
                    : "its Merkle root is not the log's at seq \(header.seq): it was made from another history, or edited"
            )
        }
    }

    /// What snapshots leave out because the rows imply it, filled in after loading them (and
    /// their indexes): each source's first citation, and the full-text rows of superseded
    /// versions (each version's title and summary, and the quotes of the citations current just
    /// before it was superseded).
    static func fillImpliedRows(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE source_facts SET first_seq = coalesce(
                    (SELECT min(c.known_from) FROM event_source_versions c WHERE c.source_id = source_facts.id), 0)
                """)
        try db.execute(
            sql: """
                INSERT INTO search (rowid, title, summary, quotes)
                SELECT v.vid, v.title, v.summary,
                       coalesce((SELECT group_concat(quote, char(10)) FROM (
                                    SELECT c.quote FROM event_source_versions c
                                    WHERE c.event_seq = v.seq AND c.quote IS NOT NULL
                                      AND c.known_from < v.known_until
                                      AND (c.known_until IS NULL OR c.known_until >= v.known_until)
                                    ORDER BY c.position)), '')
                FROM event_versions v WHERE v.vid < 0
                """)
        try fillSearchTerms(db)
    }

    /// Derives `search_terms` from every row of `search`: its text prepared for matching
    /// (``SearchText/prepare(_:)``), which snapshots leave out as the original text implies it.
    static func fillSearchTerms(_ db: Database) throws {
        let insert = try db.makeStatement(
            sql: "INSERT INTO search_terms (rowid, title, summary, quotes) VALUES (?, ?, ?, ?)")
        let rows = try Row.fetchCursor(db, sql: "SELECT rowid, title, summary, quotes FROM search")
        while let row = try rows.next() {
            let title: String? = row[1]
            let summary: String? = row[2]
            let quotes: String? = row[3]
            try insert.execute(arguments: [
                row[0] as Int64, title.map(SearchText.prepare), summary.map(SearchText.prepare),
                quotes.map(SearchText.prepare),
            ])
        }
    }
}
