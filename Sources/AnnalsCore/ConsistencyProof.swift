/// That the log's tree of `newSize` records extends the tree of `oldSize` (RFC 9162 §2.1.4).
///
/// JSON form: `{"old_size", "new_size", "old_root", "new_root", "path": [...]}`, hashes in hex.
public struct ConsistencyProof: Sendable, Equatable {
    public var oldSize: Int64
    public var newSize: Int64
    public var oldRoot: MerkleTree.Hash
    public var newRoot: MerkleTree.Hash
    public var path: [MerkleTree.Hash]

    public init(
        oldSize: Int64, newSize: Int64, oldRoot: MerkleTree.Hash, newRoot: MerkleTree.Hash, path: [MerkleTree.Hash]
    ) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.oldRoot = oldRoot
        self.newRoot = newRoot
        self.path = path
    }

    public var json: JSONValue {
        .object([
            "old_size": .integer(oldSize), "new_size": .integer(newSize), "old_root": .string(Digest.hex(oldRoot)),
            "new_root": .string(Digest.hex(newRoot)), "path": .array(path.map { .string(Digest.hex($0)) }),
        ])
    }

    public init(json value: JSONValue) throws(ProofFormatError) {
        var fields = try ProofFields(value, kind: "consistency")
        self.init(
            oldSize: try fields.count("old_size"), newSize: try fields.count("new_size"),
            oldRoot: try fields.hash("old_root"), newRoot: try fields.hash("new_root"), path: try fields.path())
        try fields.noOthers()
        guard oldSize >= 1, oldSize <= newSize else {
            throw ProofFormatError(
                field: "old_size", problem: "old size \(oldSize) must be from 1 to the new size \(newSize)")
        }
    }

    /// Throws unless the path proves the new tree extends the old one (status 1), or is malformed (65).
    public func verify() throws(MerkleProofError) {
        try MerkleTree.verifyConsistency(
            oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: newRoot, path: path)
    }
}
