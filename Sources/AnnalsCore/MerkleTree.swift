import Crypto

/// RFC 9162 §2.1 Merkle tree hashes and proofs over leaves 0..<size.
/// Stored nodes are addressed as complete, aligned subtrees: (level, index) covers leaves
/// [index << level, (index + 1) << level); level 0 are the leaf hashes.
///
/// Pure arithmetic and hashing: the nodes come from a `NodeReader` the caller provides, so the same
/// code serves a file-backed store, an in-memory array, or a test.
public enum MerkleTree {
    public typealias Hash = [UInt8]  // always 32 bytes
    /// Reads a stored complete subtree's hash.
    public typealias NodeReader = (_ level: Int, _ index: Int64) throws -> Hash

    /// MTH({}): SHA-256 of the empty string.
    public static let emptyRoot: Hash = hashOf { _ in }

    /// SHA-256(0x00 || data): the hash of one leaf.
    public static func leafHash(_ data: ArraySlice<UInt8>) -> Hash {
        data.withUnsafeBytes { leafHash($0) }
    }

    /// SHA-256(0x00 || data) straight from memory, without copying `data`.
    public static func leafHash(_ data: UnsafeRawBufferPointer) -> Hash {
        hashOf { hasher in
            withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: data)
        }
    }

    /// SHA-256(0x01 || left || right): the hash of an interior node.
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        hashOf { hasher in
            withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
            left.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            right.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
    }

    /// Nodes a post-order store holds for `leaves` leaves: 2n − popcount(n) (Merkle-mountain-range order:
    /// each leaf, then every parent it completes, bottom up).
    public static func storedNodes(leaves: Int64) -> Int64 {
        precondition(leaves >= 0, "a tree has a non-negative number of leaves")
        return 2 * leaves - Int64(leaves.nonzeroBitCount)
    }

    /// Position (0-based) of node (level, index) in that post-order store.
    public static func position(level: Int, index: Int64) -> Int64 {
        precondition(level >= 0 && level < 63 && index >= 0, "a node has level 0..<63 and a non-negative index")
        // The node is completed by the append of its last leaf: after the nodes of all earlier leaves,
        // that append stores the leaf (level 0), then one parent per level up to this one.
        let lastLeaf = ((index + 1) << level) - 1
        return storedNodes(leaves: lastLeaf) + Int64(level)
    }

    /// MTH of leaves 0..<size (emptyRoot for 0), reading O(log size) stored nodes.
    public static func root(size: Int64, node: NodeReader) throws -> Hash {
        precondition(size >= 0, "a tree has a non-negative number of leaves")
        if size == 0 {
            return emptyRoot
        }
        return try rangeRoot(0..<size, node: node)
    }

    /// MTH of an arbitrary leaf range start..<end as RFC's recursion needs it (fold of the aligned complete
    /// subtrees the range decomposes into, right to left), O(log) node reads. Precondition: start < end.
    ///
    /// This equals MTH(D[start..<end]) whenever `start` is a multiple of a power of two at least the range's
    /// length, which holds for every range the RFC's recursion visits (and for 0..<size); for other ranges it is
    /// the fold just described, not the MTH of those leaves as a tree of their own.
    public static func rangeRoot(_ range: Range<Int64>, node: NodeReader) throws -> Hash {
        precondition(range.lowerBound >= 0 && !range.isEmpty, "a range root needs 0 <= start < end")
        var pieces: [Hash] = []
        try forEachAlignedSubtree(of: range) { level, index in
            pieces.append(try node(level, index))
        }
        var folded = pieces.removeLast()
        while let left = pieces.popLast() {
            folded = nodeHash(left, folded)
        }
        return folded
    }

    /// RFC 9162 §2.1.3.1 inclusion path of leaf `index` in the tree of `size` leaves, O(log size) reads.
    /// Throws `MerkleProofError.indexOutOfRange` unless 0 <= index < size, or what `node` throws.
    public static func inclusionPath(index: Int64, size: Int64, node: NodeReader) throws -> [Hash] {
        guard index >= 0 && index < size else {
            throw MerkleProofError.indexOutOfRange(index: index, size: size)
        }
        // PATH(m, D[lo..<hi]) descends towards the leaf; each step adds the sibling subtree's hash.
        // The steps come top down, the path lists them bottom up.
        var path: [Hash] = []
        var lo: Int64 = 0
        var hi = size
        while hi - lo > 1 {
            let split = lo + largestPowerOfTwo(below: hi - lo)
            if index < split {
                path.append(try rangeRoot(split..<hi, node: node))
                hi = split
            } else {
                path.append(try rangeRoot(lo..<split, node: node))
                lo = split
            }
        }
        path.reverse()
        return path
    }

    /// RFC 9162 §2.1.4.1 consistency path from `old` to `new` leaves (0 < old ≤ new; empty when old == new).
    /// Throws `MerkleProofError.sizesOutOfOrder` for other sizes, or what `node` throws.
    public static func consistencyPath(old: Int64, new: Int64, node: NodeReader) throws -> [Hash] {
        guard old > 0 && old <= new else {
            throw MerkleProofError.sizesOutOfOrder(old: old, new: new)
        }
        // SUBPROOF(m, D[lo..<hi], b), unrolled: `wholeOldTree` is b, true while the old tree's root
        // is still the left edge of the subtree being descended (the verifier knows that hash already).
        var path: [Hash] = []
        var lo: Int64 = 0
        var hi = new
        var wholeOldTree = true
        while old - lo < hi - lo {
            let split = lo + largestPowerOfTwo(below: hi - lo)
            if old <= split {
                path.append(try rangeRoot(split..<hi, node: node))
                hi = split
            } else {
                path.append(try rangeRoot(lo..<split, node: node))
                lo = split
                wholeOldTree = false
            }
        }
        if !wholeOldTree {
            path.append(try rangeRoot(lo..<hi, node: node))
        }
        path.reverse()
        return path
    }

    /// RFC 9162 §2.1.3.2: the root that `path` implies for `leaf` at `index` in a tree of `size`.
    public static func rootFromInclusion(leaf: Hash, index: Int64, size: Int64, path: [Hash])
        throws(MerkleProofError) -> Hash
    {
        guard index >= 0 && index < size else {
            throw .indexOutOfRange(index: index, size: size)
        }
        try checkLength(leaf, field: "leaf")
        let shape = ProofShape(inclusionOf: index, size: size)
        try checkPath(path, expected: shape.count)
        let (inner, border) = shape.split(path)
        return chainBorderRight(chainInner(leaf, inner, index: shape.index), border)
    }

    /// Throws .rootMismatch (or a shape error) unless the path proves inclusion under `root`.
    public static func verifyInclusion(leaf: Hash, index: Int64, size: Int64, path: [Hash], root: Hash)
        throws(MerkleProofError)
    {
        let computed = try rootFromInclusion(leaf: leaf, index: index, size: size, path: path)
        try checkLength(root, field: "root")
        guard computed == root else {
            throw .rootMismatch(field: "root", expected: root, computed: computed)
        }
    }

    /// RFC 9162 §2.1.4.2 consistency verification, for 0 < oldSize ≤ newSize.
    ///
    /// The RFC defines consistency proofs only for 0 < first < second. Equal sizes are accepted with an empty
    /// path and equal roots. An old size of 0 throws `.sizesOutOfOrder`: an empty tree is a prefix of every
    /// tree, so there is nothing to prove, and a caller that holds the empty tree's head must not mistake
    /// "no proof" for "verified" — it should compare its old root with `emptyRoot` itself.
    public static func verifyConsistency(oldSize: Int64, newSize: Int64, oldRoot: Hash, newRoot: Hash, path: [Hash])
        throws(MerkleProofError)
    {
        guard oldSize > 0 && oldSize <= newSize else {
            throw .sizesOutOfOrder(old: oldSize, new: newSize)
        }
        try checkLength(oldRoot, field: "old root")
        try checkLength(newRoot, field: "new root")
        let shape = ProofShape(consistencyFrom: oldSize, to: newSize)
        try checkPath(path, expected: shape.count)
        if oldSize == newSize {
            guard oldRoot == newRoot else {
                throw .rootMismatch(field: "new root", expected: newRoot, computed: oldRoot)
            }
            return
        }
        // Step 2: when the old tree is a complete subtree, its root is the proof's implicit first hash.
        let seed = shape.seedInPath ? path[0] : oldRoot
        let (inner, border) = shape.split(path)
        let computedOld = chainBorderRight(chainInnerRight(seed, inner, index: shape.index), border)
        guard computedOld == oldRoot else {
            throw .rootMismatch(field: "old root", expected: oldRoot, computed: computedOld)
        }
        let computedNew = chainBorderRight(chainInner(seed, inner, index: shape.index), border)
        guard computedNew == newRoot else {
            throw .rootMismatch(field: "new root", expected: newRoot, computed: computedNew)
        }
    }

    /// How many hashes the RFC 9162 §2.1.3.2 walk consumes for leaf `index` of a tree of `size` (0 <= index < size).
    static func inclusionPathLength(index: Int64, size: Int64) -> Int {
        precondition(index >= 0 && index < size, "an inclusion path needs 0 <= index < size")
        return ProofShape(inclusionOf: index, size: size).count
    }

    /// How many hashes a consistency path from `old` to `new` leaves holds (0 < old <= new), as the
    /// RFC 9162 §2.1.4.2 walk consumes them.
    static func consistencyPathLength(old: Int64, new: Int64) -> Int {
        precondition(old > 0 && old <= new, "a consistency path needs 0 < old <= new")
        return ProofShape(consistencyFrom: old, to: new).count
    }

    /// Hashes `seed` up through the inner part of a path: at level i the sibling `path[i]` is on the left when bit i
    /// of `index` is 1, on the right otherwise.
    static func chainInner(_ seed: Hash, _ path: ArraySlice<Hash>, index: Int64) -> Hash {
        var hash = seed
        for (level, sibling) in zip(0..., path) {
            hash = (index >> level) & 1 == 1 ? nodeHash(sibling, hash) : nodeHash(hash, sibling)
        }
        return hash
    }

    /// Like `chainInner`, but only the left siblings: the root of the prefix that ends at the leaf (the old tree
    /// of a consistency proof), since the right siblings lie beyond it.
    static func chainInnerRight(_ seed: Hash, _ path: ArraySlice<Hash>, index: Int64) -> Hash {
        var hash = seed
        for (level, sibling) in zip(0..., path) where (index >> level) & 1 == 1 {
            hash = nodeHash(sibling, hash)
        }
        return hash
    }

    /// Hashes `seed` up the tree's right border: every sibling there is a left sibling.
    static func chainBorderRight(_ seed: Hash, _ path: ArraySlice<Hash>) -> Hash {
        var hash = seed
        for sibling in path {
            hash = nodeHash(sibling, hash)
        }
        return hash
    }

    /// Calls `body` with each complete, aligned subtree `range` splits into, left to right: from each position,
    /// the biggest subtree that starts there and ends inside the range.
    static func forEachAlignedSubtree(of range: Range<Int64>, _ body: (Int, Int64) throws -> Void) rethrows {
        var start = range.lowerBound
        while start < range.upperBound {
            let fits = 63 - (range.upperBound - start).leadingZeroBitCount
            let level = min(start.trailingZeroBitCount, fits)
            try body(level, start >> level)
            start += 1 << level
        }
    }

    /// The largest power of two strictly below `n` (n >= 2): the RFC's split point k.
    static func largestPowerOfTwo(below n: Int64) -> Int64 {
        1 << (63 - (n - 1).leadingZeroBitCount)
    }

    private static func checkLength(_ hash: Hash, field: String) throws(MerkleProofError) {
        guard hash.count == 32 else {
            throw .badHashLength(field: field, count: hash.count)
        }
    }

    private static func checkPath(_ path: [Hash], expected: Int) throws(MerkleProofError) {
        for (i, hash) in path.enumerated() {
            try checkLength(hash, field: "path[\(i)]")
        }
        guard path.count == expected else {
            throw .pathLength(expected: expected, actual: path.count)
        }
    }

    private static func hashOf(_ feed: (inout SHA256) -> Void) -> Hash {
        var hasher = SHA256()
        feed(&hasher)
        let digest = hasher.finalize()
        return Hash(unsafeUninitializedCapacity: SHA256.byteCount) { out, count in
            digest.withUnsafeBytes { UnsafeMutableRawBufferPointer(out).copyMemory(from: $0) }
            count = SHA256.byteCount
        }
    }
}
