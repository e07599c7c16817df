import AnnalsCore

/// The first line of a snapshot: what state it holds and how to check it.
public struct SnapshotHeader: Sendable, Equatable {
    /// Format 2 adds the tables of superseded versions (`*_history`); a snapshot with none is
    /// written as format 1, byte for byte what earlier versions wrote, and both are read.
    public static let currentFormat: Int64 = 2

    public var format: Int64 = SnapshotHeader.currentFormat
    /// The projection schema version the rows follow.
    public var schema: Int64
    public var asOf: String?
    public var knownAt: String?
    /// The `--known-at-seq` the snapshot was made with, if any (left out of the header when nil,
    /// so snapshots made without it keep their bytes).
    public var knownAtSeq: Int64?
    /// The last record the state includes, and its hash.
    public var seq: Int64
    public var chainHead: String
    public var rows: [String: Int64]
    /// The log's Merkle tree at `seq` records (RFC 9162 root, lowercase hex): what ties the
    /// snapshot to one history. Restore refuses a snapshot without it, or whose root is not the log's.
    public var treeRoot: String?
    /// SHA-256 of the uncompressed body (every line after the header, with its newline).
    public var digest: String
    /// Size of the uncompressed body in bytes.
    public var bytes: Int64

    public init(
        format: Int64 = SnapshotHeader.currentFormat, schema: Int64, asOf: String?, knownAt: String?, seq: Int64,
        chainHead: String, rows: [String: Int64],
        digest: String, bytes: Int64, knownAtSeq: Int64? = nil, treeRoot: String? = nil
    ) {
        self.treeRoot = treeRoot
        self.format = format
        self.schema = schema
        self.knownAtSeq = knownAtSeq
        self.asOf = asOf
        self.knownAt = knownAt
        self.seq = seq
        self.chainHead = chainHead
        self.rows = rows
        self.digest = digest
        self.bytes = bytes
    }

    public var json: JSONValue {
        var o: JSONObject = [
            "format": .integer(format), "schema": .integer(schema), "seq": .integer(seq),
            "chain_head": .string(chainHead),
            "digest": .string(digest), "bytes": .integer(bytes),
        ]
        var rowsObject = JSONObject()
        for (k, v) in rows { rowsObject[k] = .integer(v) }
        o["rows"] = .object(rowsObject)
        o["as_of"] = asOf.map { .string($0) } ?? .null
        o["known_at"] = knownAt.map { .string($0) } ?? .null
        if let knownAtSeq { o["known_at_seq"] = .integer(knownAtSeq) }
        if let treeRoot {
            o["tree_size"] = .integer(seq)
            o["tree_root"] = .string(treeRoot)
        }
        return .object(["annals_snapshot": .object(o)])
    }

    public init(line: ArraySlice<UInt8>) throws(SnapshotError) {
        guard let value = try? JSONParser.parse(line), let o = value["annals_snapshot"]?.objectValue,
            let format = o["format"]?.integerValue, let schema = o["schema"]?.integerValue,
            let seq = o["seq"]?.integerValue, let head = o["chain_head"]?.stringValue,
            let digest = o["digest"]?.stringValue, let rows = o["rows"]?.objectValue,
            let bytes = o["bytes"]?.integerValue
        else { throw .notASnapshot(reason: "its first line is not an Annals snapshot header") }
        self.format = format
        self.schema = schema
        self.seq = seq
        self.chainHead = head
        self.digest = digest
        self.bytes = bytes
        self.asOf = o["as_of"]?.stringValue
        self.knownAt = o["known_at"]?.stringValue
        // The header is not covered by the digest: its dates are checked here, once.
        if let asOf, (try? PartialDate.parse(asOf)) == nil {
            throw .notASnapshot(reason: "its header's as_of \(asOf) is not a date")
        }
        if let knownAt, (try? Timestamp.parse(knownAt)) == nil {
            throw .notASnapshot(reason: "its header's known_at \(knownAt) is not a UTC time")
        }
        self.knownAtSeq = o["known_at_seq"]?.integerValue
        if let root = o["tree_root"] {
            guard let hex = root.stringValue, Digest.isHex64(hex), o["tree_size"]?.integerValue == seq else {
                throw .notASnapshot(reason: "its header's tree_root is not a hash of the tree of its \(seq) records")
            }
            treeRoot = hex
        }
        var counts: [String: Int64] = [:]
        for (k, v) in rows.members { counts[k] = v.integerValue ?? -1 }
        self.rows = counts
    }
}
