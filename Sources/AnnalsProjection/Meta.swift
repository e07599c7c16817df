import AnnalsCore
import AnnalsStore
import Foundation
import GRDB

/// The `meta` rows: where in the log the database stands, and which moment it shows.
struct Meta {
    var lastSeq: Int64
    var chainHead: String
    var position: LogPosition?
    var kind = "live"
    var moment = ProjectionStore.Moment()

    init(lastSeq: Int64, chainHead: String, position: LogPosition?) {
        self.lastSeq = lastSeq
        self.chainHead = chainHead
        self.position = position
    }

    static func read(_ db: Database) throws -> Meta {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
        var values: [String: String] = [:]
        for row in rows { values[row["key"]] = row["value"] }
        var meta = Meta(
            lastSeq: Int64(values["last_seq"] ?? "0") ?? 0, chainHead: values["chain_head"] ?? Digest.genesis,
            position: nil)
        if let seg = values["position_segment"].flatMap({ Int64($0) }),
            let off = values["position_offset"].flatMap({ Int($0) }),
            let line = values["position_line"].flatMap({ Int($0) })
        {
            meta.position = LogPosition(segment: seg, offset: off, line: line, seq: meta.lastSeq)
        }
        meta.kind = values["kind"] ?? "live"
        return meta
    }

    func write(_ db: Database) throws {
        var values: [(String, String)] = [
            ("schema_version", String(Schema.version)), ("kind", kind),
            ("last_seq", String(lastSeq)), ("chain_head", chainHead),
            ("as_of", moment.asOf?.description ?? ""), ("known_at", moment.knownAt?.description ?? ""),
            ("known_at_seq", moment.knownAtSeq.map(String.init) ?? ""),
        ]
        if let position {
            values += [
                ("position_segment", String(position.segment)), ("position_offset", String(position.offset)),
                ("position_line", String(position.line)),
            ]
        }
        for (k, v) in values {
            try db.execute(
                sql:
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [k, v])
        }
    }
}
