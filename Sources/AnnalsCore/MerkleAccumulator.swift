/// Builds a tree leaf by leaf in O(log n) memory: the peaks (roots of the perfect subtrees of the
/// binary decomposition of size, biggest first). Used on append and to rebuild the store from the log.
public struct MerkleAccumulator: Sendable {
    public private(set) var size: Int64
    public private(set) var peaks: [MerkleTree.Hash]

    public init() {
        size = 0
        peaks = []
    }

    /// Resume from a stored tree: peaks read with `node` (level, index) for size's binary decomposition.
    public init(size: Int64, node: MerkleTree.NodeReader) throws {
        precondition(size >= 0, "a tree has a non-negative number of leaves")
        var peaks: [MerkleTree.Hash] = []
        if size > 0 {
            try MerkleTree.forEachAlignedSubtree(of: 0..<size) { level, index in
                peaks.append(try node(level, index))
            }
        }
        self.size = size
        self.peaks = peaks
    }

    /// Adds a leaf hash; calls `store` with each node the post-order store gains, in store order
    /// (the leaf itself, then each parent it completes, bottom up), so a caller can append them to a file.
    ///
    /// One SHA-256 per completed parent: n leaves cost n − popcount(n) node hashes in all.
    public mutating func append(leaf: MerkleTree.Hash, store: (MerkleTree.Hash) throws -> Void) rethrows {
        try store(leaf)
        var node = leaf
        var carry = size
        // Each trailing 1 bit of the old size is a peak of the same height as `node`: merge them.
        while carry & 1 == 1 {
            node = MerkleTree.nodeHash(peaks.removeLast(), node)
            try store(node)
            carry >>= 1
        }
        peaks.append(node)
        size += 1
    }

    /// MTH of the leaves so far: the fold of peaks right to left; emptyRoot when size 0.
    public var root: MerkleTree.Hash {
        guard var folded = peaks.last else {
            return MerkleTree.emptyRoot
        }
        for left in peaks.dropLast().reversed() {
            folded = MerkleTree.nodeHash(left, folded)
        }
        return folded
    }
}
