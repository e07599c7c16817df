import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation
import GRDB

/// A moment as the views take it: the valid-time day (YYYY-MM-DD) and the last seq it includes.
public struct MomentCut: Sendable, Equatable {
    public var asOf: String?
    public var knownSeq: Int64?
}

extension ProjectionStore {
    /// A read-only connection to the live database (call ``catchUp(_:progress:)`` first) whose
    /// views show `moment`: a TEMP `moment` row and TEMP copies of the views, made as the
    /// connection opens, so every read at any moment is a query of the live tables.
    public static func openReader(_ layout: LedgerLayout, at moment: Moment) throws -> ProjectionReader {
        if moment.isNow { return try openReader(layout) }
        return try connect(layout, at: moment, readonly: true)
    }

    /// A connection whose views show `moment`; a writable one only ever writes TEMP or attached tables.
    static func connect(_ layout: LedgerLayout, at moment: Moment, readonly: Bool) throws -> ProjectionReader {
        var config = configuration(readonly: readonly)
        config.prepareDatabase { db in
            let cut = try resolve(moment, in: .sqlite(db))
            try show(cut, in: db)
        }
        let queue = try DatabaseQueue(path: path(layout), configuration: config)
        return ProjectionReader(queue, cut: try queue.read { db in try resolve(moment, in: .sqlite(db)) })
    }

    /// The moment's limits in this database: `--known-at` becomes the last seq recorded by
    /// then (recorded times never decrease along the log, so a binary search finds it).
    static func resolve(_ moment: Moment, in ctx: ReadContext) throws -> MomentCut {
        let last =
            try ctx.column("SELECT value FROM meta WHERE key = 'last_seq'", as: String.self).first
            .flatMap { Int64($0) } ?? 0
        var known = moment.knownAtSeq.map { min($0, last) }
        if let knownAt = moment.knownAt {
            var (low, high) = (Int64(0), known ?? last)  // the answer is in low...high
            while low < high {
                let mid = (low + high + 1) / 2
                let text = try ctx.column("SELECT recorded FROM event_versions WHERE vid = ?", [mid], as: String.self)
                    .first
                let recorded = try text.map { try Timestamp.parse($0) }
                if let recorded, recorded <= knownAt { low = mid } else { high = mid - 1 }
            }
            known = low
        }
        return MomentCut(asOf: moment.asOf?.startDay, knownSeq: known)
    }

    /// Makes the views of this connection show `cut`.
    static func show(_ cut: MomentCut, in db: Database) throws {
        try db.execute(
            sql: Schema.temporaryMoment + "; "
                + "INSERT INTO temp.moment (id, as_of, known_seq) VALUES (1, ?, ?)",
            arguments: [cut.asOf, cut.knownSeq])
        for view in Schema.views { try db.execute(sql: "CREATE TEMP VIEW \(view.name) AS\n\(view.body)") }
    }
}

extension ProjectionStore {
    /// Writes the state at `moment` to a database file at `path` (same schema as the live one,
    /// meta kind "replay"), copied by query from the live database (call ``catchUp(_:progress:)``
    /// first): the rows the views show at that moment, and the versions superseded by then.
    /// Refuses to overwrite a file that is not an Annals projection. Returns the last seq it includes.
    public static func copy(_ layout: LedgerLayout, moment: Moment, to path: String) throws -> Int64 {
        if FileSystem.exists(path) {
            let foreign =
                (try? DatabaseQueue(path: path, configuration: configuration(readonly: true)).read { db in
                    try Int32.fetchOne(db, sql: "PRAGMA application_id")
                }) != Schema.applicationID
            if foreign { throw ProjectionError.wouldOverwrite(path: path) }
        }
        let tmp = TemporaryPath.unique(path + ".tmp")
        try? FileSystem.remove(tmp)
        defer { try? FileSystem.remove(tmp) }
        do {
            var config = configuration(readonly: false)
            config.prepareDatabase { db in try db.execute(sql: bulkPragmas) }
            let out = try DatabaseQueue(path: tmp, configuration: config)
            try out.writeWithoutTransaction { db in try createSchema(db, indexes: false) }
            try out.close()
            let reader = try connect(layout, at: moment, readonly: false)
            let position = try Snapshots.position(of: reader)
            try reader.copy(into: tmp)
            let done = try DatabaseQueue(path: tmp, configuration: config)
            try done.writeWithoutTransaction { db in
                try createIndexes(db)
                try Snapshots.fillImpliedRows(db)
                var meta = Meta(lastSeq: position.seq, chainHead: position.head, position: nil)
                meta.kind = "replay"
                meta.moment = moment
                try meta.write(db)
            }
            try done.close()
        } catch let error as DatabaseError {
            throw ProjectionError.cannotWrite(path: path, message: error.message ?? "\(error.resultCode)")
        }
        for suffix in ["-journal", "-wal", "-shm"] { try? FileSystem.remove(path + suffix) }
        // Checked again at the last moment: a device or link swapped in meanwhile is refused.
        try OutputPath.checkTarget(path, shown: path)
        try swap(tmp, into: path)
        return try DatabaseQueue(path: path, configuration: configuration(readonly: true)).read {
            try Meta.read($0).lastSeq
        }
    }
}

extension ProjectionReader {
    /// Copies the state this reader shows into the empty schema of the database at `path`.
    func copy(into path: String) throws {
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS out", arguments: [path])
            defer { try? db.execute(sql: "DETACH DATABASE out") }
            // Rows come table by table, children before parents: the keys are checked once, at the end.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction {
                for source in SnapshotRows.sources where !source.derived {
                    let columns = try db.makeStatement(sql: source.select).columnNames
                    let (base, extra) = SnapshotRows.restoreTarget(source.name, value: { "src.\($0)" }, in: "out.")
                    let names = (columns + extra.map(\.0)).joined(separator: ", ")
                    let values = (columns.map { "src.\($0)" } + extra.map(\.1)).joined(separator: ", ")
                    let verb = SnapshotRows.restoredOnce.contains(source.name) ? "INSERT OR IGNORE" : "INSERT"
                    try db.execute(
                        sql: "\(verb) INTO out.\(base) (\(names)) SELECT \(values) FROM (\(source.select)) src")
                }
                if let broken = try Row.fetchOne(db, sql: "PRAGMA out.foreign_key_check") {
                    throw ProjectionError.cannotWrite(
                        path: path, message: "a row of \(broken[0] as String? ?? "?") refers to a row that is not there"
                    )
                }
                return .commit
            }
        }
    }
}
