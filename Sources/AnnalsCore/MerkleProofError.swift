/// Why a proof does not verify or is malformed. `status`: 65 (badInput) for malformed shapes
/// (a hash not 32 bytes, index >= size, old > new, a path of the wrong length), 1 (verificationFailed) for a
/// well-formed proof whose computed root differs.
public enum MerkleProofError: AnnalsFailure, Equatable {
    /// A hash is not 32 bytes; `field` names it: "leaf", "root", "old root", "new root" or "path[i]".
    case badHashLength(field: String, count: Int)
    /// The leaf index is not inside the tree: not 0 <= index < size.
    case indexOutOfRange(index: Int64, size: Int64)
    /// The tree sizes of a consistency proof are not 0 < old <= new.
    case sizesOutOfOrder(old: Int64, new: Int64)
    /// The path does not hold the number of hashes the index and sizes call for.
    case pathLength(expected: Int, actual: Int)
    /// The proof is well formed but leads to another root than the one given for `field`
    /// ("root", "old root" or "new root").
    case rootMismatch(field: String, expected: MerkleTree.Hash, computed: MerkleTree.Hash)

    public var status: ExitStatus {
        switch self {
        case .rootMismatch:
            return .verificationFailed
        case .badHashLength, .indexOutOfRange, .sizesOutOfOrder, .pathLength:
            return .badInput
        }
    }

    public var description: String {
        switch self {
        case .badHashLength(let field, let count):
            return "The \(field) hash is \(count) bytes, not the 32 bytes of a SHA-256 hash. "
                + "Fix: give every hash as the 64 hex digits the log printed."
        case .indexOutOfRange(let index, let size):
            return "Leaf index \(index) is not in a tree of \(size) leaves (0 <= index < size). "
                + "Fix: ask for a leaf below \(size), or for a tree that already holds it."
        case .sizesOutOfOrder(let old, let new):
            if old == 0 {
                return "An old tree size of 0 needs no consistency proof: the empty tree is a prefix of every tree. "
                    + "Fix: check the old root is the empty tree's root instead of asking for a proof."
            }
            return "Tree sizes \(old) then \(new) are not 0 < old <= new. "
                + "Fix: give the older, smaller tree size first."
        case .pathLength(let expected, let actual):
            return "The proof holds \(actual) hashes where its index and sizes call for \(expected). "
                + "Fix: use the proof produced for exactly this index and these tree sizes."
        case .rootMismatch(let field, let expected, let computed):
            return "The proof does not verify: it leads to \(field) \(Digest.hex(computed)), "
                + "not \(Digest.hex(expected)). Fix: none on this side; the log, the proof "
                + "or the checkpoint has been altered, or they come from different logs."
        }
    }
}
