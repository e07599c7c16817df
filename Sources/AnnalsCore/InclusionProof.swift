/// That a record is leaf `index` of the log's Merkle tree of `size` records (RFC 9162 §2.1.3):
/// what `annals prove` prints and `annals check-proof` checks with nothing but a checkpoint.
///
/// JSON form: `{"index", "size", "root", "leaf", "path": [...], "record"}` with hashes in
/// lowercase hex; `record` is the record's line, the leaf's data, so the proof stands alone.
public struct InclusionProof: Sendable, Equatable {
    public var index: Int64
    public var size: Int64
    public var root: MerkleTree.Hash
    public var leaf: MerkleTree.Hash
    public var path: [MerkleTree.Hash]
    /// The record's line without its newline (nil when the proof leaves it out).
    public var record: [UInt8]?

    public init(
        index: Int64, size: Int64, root: MerkleTree.Hash, leaf: MerkleTree.Hash, path: [MerkleTree.Hash],
        record: [UInt8]?
    ) {
        self.index = index
        self.size = size
        self.root = root
        self.leaf = leaf
        self.path = path
        self.record = record
    }

    public var json: JSONValue {
        var o: JSONObject = [
            "index": .integer(index), "size": .integer(size), "root": .string(Digest.hex(root)),
            "leaf": .string(Digest.hex(leaf)), "path": .array(path.map { .string(Digest.hex($0)) }),
        ]
        if let record { o["record"] = .string(String(decoding: record, as: UTF8.self)) }
        return .object(o)
    }

    /// Reads the JSON form, refusing anything malformed (status 65) with the field at fault. A
    /// carried `record` is not checked here: see ``recordMatches``.
    public init(json value: JSONValue) throws(ProofFormatError) {
        var fields = try ProofFields(value, kind: "inclusion")
        self.init(
            index: try fields.count("index"), size: try fields.count("size"), root: try fields.hash("root"),
            leaf: try fields.hash("leaf"), path: try fields.path(), record: try fields.optionalText("record"))
        try fields.noOthers()
        guard index < size else {
            throw ProofFormatError(field: "index", problem: "index \(index) is not below the tree size \(size)")
        }
    }

    /// Whether the carried record (if any) hashes to the leaf.
    public var recordMatches: Bool {
        record.map { MerkleTree.leafHash($0[...]) == leaf } ?? true
    }

    /// Throws unless the path leads from the leaf to `root` (status 1), or is malformed (65).
    public func verify() throws(MerkleProofError) {
        try MerkleTree.verifyInclusion(leaf: leaf, index: index, size: size, path: path, root: root)
    }
}
