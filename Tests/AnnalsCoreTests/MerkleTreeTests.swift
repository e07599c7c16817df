import Testing

@testable import AnnalsCore

/// RFC 9162 §2.1 straight from its definitions (MTH, PATH, PROOF/SUBPROOF), recursive over ranges of leaf inputs.
/// Hashes with `Digest.sha256`, not with MerkleTree's helpers, so both sides do not share a bug; MTH is
/// tabulated for every range up front so the recursion stays cheap enough to run for every size, index and proof.
private struct Reference: Sendable {
    typealias Hash = [UInt8]

    /// mth[start][count] = MTH(D[start..<start + count]).
    let table: [[Hash]]

    init(_ d: [[UInt8]]) {
        var table = [[Hash]](repeating: [], count: d.count + 1)
        for start in stride(from: d.count, through: 0, by: -1) {
            var row: [Hash] = [Digest.sha256([])]
            for count in stride(from: 1, through: d.count - start, by: 1) {
                if count == 1 {
                    row.append(Digest.sha256([0x00] + d[start]))
                } else {
                    let k = Self.split(count)
                    row.append(Digest.sha256([0x01] + row[k] + table[start + k][count - k]))
                }
            }
            table[start] = row
        }
        self.table = table
    }

    /// The largest power of two smaller than n (n > 1).
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n {
            k *= 2
        }
        return k
    }

    /// MTH(D[range]).
    func mth(_ d: Range<Int>) -> Hash { table[d.lowerBound][d.count] }

    /// PATH(m, D[range]).
    func path(_ m: Int, _ d: Range<Int>) -> [Hash] {
        if d.count <= 1 {
            return []
        }
        let k = Self.split(d.count)
        let mid = d.lowerBound + k
        if m < k {
            return path(m, d.lowerBound..<mid) + [mth(mid..<d.upperBound)]
        }
        return path(m - k, mid..<d.upperBound) + [mth(d.lowerBound..<mid)]
    }

    /// PROOF(m, D[range]) = SUBPROOF(m, D[range], true).
    func proof(_ m: Int, _ d: Range<Int>) -> [Hash] { subproof(m, d, true) }

    func subproof(_ m: Int, _ d: Range<Int>, _ b: Bool) -> [Hash] {
        if m == d.count {
            return b ? [] : [mth(d)]
        }
        let k = Self.split(d.count)
        let mid = d.lowerBound + k
        if m <= k {
            return subproof(m, d.lowerBound..<mid, b) + [mth(mid..<d.upperBound)]
        }
        return subproof(m - k, mid..<d.upperBound, false) + [mth(d.lowerBound..<mid)]
    }
}

/// A post-order store in memory, filled from the accumulator's emitted nodes, that counts its reads and checks
/// each read stays inside the tree it was asked about.
private final class Store {
    var nodes: [MerkleTree.Hash] = []
    var reads = 0
    var accumulator = MerkleAccumulator()

    init(_ inputs: [[UInt8]]) {
        for input in inputs {
            accumulator.append(leaf: MerkleTree.leafHash(input[...])) { nodes.append($0) }
        }
    }

    /// A reader for the tree of the first `size` leaves.
    func reader(size: Int64) -> MerkleTree.NodeReader {
        { level, index in
            if (index + 1) << level > size {
                Issue.record("node (\(level), \(index)) lies beyond the tree of \(size) leaves")
            }
            self.reads += 1
            return self.nodes[Int(MerkleTree.position(level: level, index: index))]
        }
    }

    /// Runs `body` and returns how many nodes it read.
    func counting<T>(_ body: () throws -> T) rethrows -> (T, Int) {
        reads = 0
        let value = try body()
        return (value, reads)
    }
}

private func bytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var digits = hex.utf8.makeIterator()
    while let high = digits.next(), let low = digits.next() {
        out.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return out
}

/// `hash` with one bit flipped in byte `i`.
private func flipped(_ hash: [UInt8], at i: Int = 0) -> [UInt8] {
    var hash = hash
    hash[i] ^= 0x01
    return hash
}

/// Records an issue unless `body` throws `.rootMismatch` (cheaper than `#expect(throws:)` in hot loops).
private func expectMismatch(
    _ comment: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(MerkleProofError) -> Void
) {
    do throws(MerkleProofError) {
        try body()
        Issue.record("\(comment()): verified", sourceLocation: sourceLocation)
    } catch {
        if case .rootMismatch = error {
            return
        }
        Issue.record("\(comment()): \(error)", sourceLocation: sourceLocation)
    }
}

/// Records an issue unless `body` throws.
private func expectRefused(
    _ comment: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(MerkleProofError) -> Void
) {
    do throws(MerkleProofError) {
        try body()
        Issue.record("\(comment()): verified", sourceLocation: sourceLocation)
    } catch {
    }
}

@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    // Certificate Transparency's reference tree: google/certificate-transparency cpp/merkletree/merkle_tree_test.cc
    // and transparency-dev/merkle testonly/constants.go.
    static let ctInputs = [
        "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
    ].map(bytes)

    /// Roots for sizes 0...8.
    static let ctRoots = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ].map(bytes)

    /// Every complete subtree of the 8-leaf tree, by level then index.
    static let ctNodes = [
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        ],
        [
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        ],
        [
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ].map { $0.map(bytes) }

    /// CT's kSHA256Paths (leaf numbers there are 1-based; here 0-based indices).
    static let ctInclusion: [(index: Int64, size: Int64, path: [String])] = [
        (0, 1, []),
        (
            0, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            5, 8,
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        (
            1, 5,
            [
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    /// CT's kSHA256Proofs.
    static let ctConsistency: [(old: Int64, new: Int64, path: [String])] = [
        (1, 1, []),
        (
            1, 8,
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        ),
        (
            6, 8,
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        ),
        (
            2, 5,
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        ),
    ]

    /// Leaf inputs of assorted lengths for the cross-check against the reference implementation.
    static let inputs: [[UInt8]] = (0..<70).map { i in
        (0..<(i % 5) * 7).map { UInt8(truncatingIfNeeded: i &* 31 &+ $0) }
    }

    static let maxSize: Int64 = 70

    fileprivate static let reference = Reference(inputs)

    /// A generous O(log n) bound on node reads for one root, path or proof over `size` leaves.
    static func readBound(_ size: Int64) -> Int { 3 * (64 - size.leadingZeroBitCount) + 2 }

    @Test("leaf, node and empty hashes are RFC 9162's, and both leaf entry points agree")
    func hashes() {
        #expect(Digest.hex(MerkleTree.emptyRoot) == Digest.hex(Self.ctRoots[0]))
        for (input, expected) in zip(Self.ctInputs, Self.ctNodes[0]) {
            #expect(MerkleTree.leafHash(input[...]) == expected)
            #expect(input.withUnsafeBytes { MerkleTree.leafHash($0) } == expected)
        }
        #expect(MerkleTree.nodeHash(Self.ctNodes[0][0], Self.ctNodes[0][1]) == Self.ctNodes[1][0])
        #expect(MerkleTree.nodeHash(Self.ctNodes[0][1], Self.ctNodes[0][0]) != Self.ctNodes[1][0])
    }

    @Test("CT reference roots for sizes 0...8, from the accumulator and from the store")
    func referenceRoots() throws {
        var accumulator = MerkleAccumulator()
        var nodes: [MerkleTree.Hash] = []
        #expect(accumulator.root == Self.ctRoots[0])
        for (i, input) in Self.ctInputs.enumerated() {
            accumulator.append(leaf: MerkleTree.leafHash(input[...])) { nodes.append($0) }
            #expect(accumulator.size == Int64(i + 1))
            #expect(Digest.hex(accumulator.root) == Digest.hex(Self.ctRoots[i + 1]), "size \(i + 1)")
        }
        for size in 0...8 {
            let root = try MerkleTree.root(size: Int64(size)) { level, index in
                nodes[Int(MerkleTree.position(level: level, index: index))]
            }
            #expect(root == Self.ctRoots[size], "size \(size)")
        }
    }

    @Test("the store holds CT's reference node hashes at position(level:index:)")
    func referenceNodes() {
        let store = Store(Self.ctInputs)
        #expect(store.nodes.count == 15)
        for (level, row) in Self.ctNodes.enumerated() {
            for (index, expected) in row.enumerated() {
                let at = Int(MerkleTree.position(level: level, index: Int64(index)))
                #expect(store.nodes[at] == expected, "node (\(level), \(index))")
            }
        }
    }

    @Test("CT reference inclusion paths are produced and verify")
    func referenceInclusion() throws {
        let store = Store(Self.ctInputs)
        for vector in Self.ctInclusion {
            let path = try MerkleTree.inclusionPath(
                index: vector.index, size: vector.size, node: store.reader(size: vector.size))
            #expect(path.map(Digest.hex) == vector.path, "leaf \(vector.index) of \(vector.size)")
            let leaf = MerkleTree.leafHash(Self.ctInputs[Int(vector.index)][...])
            try MerkleTree.verifyInclusion(
                leaf: leaf, index: vector.index, size: vector.size, path: vector.path.map(bytes),
                root: Self.ctRoots[Int(vector.size)])
        }
    }

    @Test("CT reference consistency proofs are produced and verify")
    func referenceConsistency() throws {
        let store = Store(Self.ctInputs)
        for vector in Self.ctConsistency {
            let path = try MerkleTree.consistencyPath(
                old: vector.old, new: vector.new, node: store.reader(size: vector.new))
            #expect(path.map(Digest.hex) == vector.path, "\(vector.old) to \(vector.new)")
            try MerkleTree.verifyConsistency(
                oldSize: vector.old, newSize: vector.new, oldRoot: Self.ctRoots[Int(vector.old)],
                newRoot: Self.ctRoots[Int(vector.new)], path: vector.path.map(bytes))
        }
    }

    @Test("roots, paths and proofs match the RFC's recursive definitions", arguments: 1...maxSize)
    func matchesReference(size: Int64) throws {
        let store = Store(Self.inputs)
        let leaves = 0..<Int(size)
        let reader = store.reader(size: size)
        let expectedRoot = Self.reference.mth(leaves)

        let (root, rootReads) = try store.counting { try MerkleTree.root(size: size, node: reader) }
        #expect(root == expectedRoot)
        #expect(rootReads == size.nonzeroBitCount)

        // Few #expect calls per size (each is costly in a debug build): gather, then compare once.
        var paths: [[MerkleTree.Hash]] = []
        var mostReads = 0
        for index in 0..<size {
            let leaf = MerkleTree.leafHash(Self.inputs[Int(index)][...])
            let (path, reads) = try store.counting {
                try MerkleTree.inclusionPath(index: index, size: size, node: reader)
            }
            paths.append(path)
            mostReads = max(mostReads, reads)
            let implied = try MerkleTree.rootFromInclusion(leaf: leaf, index: index, size: size, path: path)
            if implied != root {
                Issue.record("leaf \(index): the path implies another root")
            }
            try MerkleTree.verifyInclusion(leaf: leaf, index: index, size: size, path: path, root: root)
            for i in path.indices {
                var bad = path
                bad[i] = flipped(bad[i], at: i % 32)
                expectMismatch("leaf \(index), path[\(i)] altered") { () throws(MerkleProofError) in
                    try MerkleTree.verifyInclusion(leaf: leaf, index: index, size: size, path: bad, root: root)
                }
            }
            if size > 1 {
                expectRefused("leaf \(index) at another index") { () throws(MerkleProofError) in
                    try MerkleTree.verifyInclusion(
                        leaf: leaf, index: (index + 1) % size, size: size, path: path, root: root)
                }
            }
        }
        #expect(paths == (0..<Int(size)).map { Self.reference.path($0, leaves) })
        #expect(mostReads <= Self.readBound(size))

        var proofs: [[MerkleTree.Hash]] = []
        mostReads = 0
        for old in 1...size {
            let oldRoot = Self.reference.mth(0..<Int(old))
            let (path, reads) = try store.counting {
                try MerkleTree.consistencyPath(old: old, new: size, node: reader)
            }
            proofs.append(path)
            mostReads = max(mostReads, reads)
            try MerkleTree.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, path: path)
            for i in path.indices {
                var bad = path
                bad[i] = flipped(bad[i], at: 31 - i % 32)
                expectMismatch("\(old) to \(size), path[\(i)] altered") { () throws(MerkleProofError) in
                    try MerkleTree.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, path: bad)
                }
            }
            if old < size {
                expectMismatch("\(old) to \(size), roots swapped") { () throws(MerkleProofError) in
                    try MerkleTree.verifyConsistency(
                        oldSize: old, newSize: size, oldRoot: root, newRoot: oldRoot, path: path)
                }
            }
        }
        #expect(proofs == (1...Int(size)).map { Self.reference.proof($0, leaves) })
        #expect(mostReads <= Self.readBound(size))
    }

    @Test("rangeRoot is the MTH of every range the RFC's recursion visits, and a right fold otherwise")
    func rangeRoots() throws {
        let store = Store(Self.inputs)
        let reader = store.reader(size: Self.maxSize)
        var checked = 0
        for start in 0..<Self.maxSize {
            for end in (start + 1)...Self.maxSize {
                let count = end - start
                // The recursion's ranges start at a multiple of a power of two at least their length.
                let span = Int64(1) << (64 - (count - 1).leadingZeroBitCount)
                guard start % span == 0 else {
                    continue
                }
                let (hash, reads) = try store.counting { try MerkleTree.rangeRoot(start..<end, node: reader) }
                #expect(hash == Self.reference.mth(Int(start)..<Int(end)), "\(start)..<\(end)")
                #expect(reads == count.nonzeroBitCount)
                checked += 1
            }
        }
        #expect(checked > 200)
        // 1..<4 is not such a range: it folds leaf 1 with the subtree 2..<4, unlike MTH's split after two leaves.
        let folded = MerkleTree.nodeHash(store.nodes[1], store.nodes[Int(MerkleTree.position(level: 1, index: 1))])
        #expect(try MerkleTree.rangeRoot(1..<4, node: reader) == folded)
        #expect(folded != Self.reference.mth(1..<4))
    }

    @Test("the post-order store: sizes, positions and the order the accumulator emits")
    func storeLayout() {
        #expect((0...9).map { MerkleTree.storedNodes(leaves: $0) } == [0, 1, 3, 4, 7, 8, 10, 11, 15, 16])
        // Leaf 0, leaf 1, their parent, leaf 2, leaf 3, (2,3)'s parent, the root of four, leaf 4...
        let order: [(Int, Int64)] = [(0, 0), (0, 1), (1, 0), (0, 2), (0, 3), (1, 1), (2, 0), (0, 4)]
        #expect(order.map { MerkleTree.position(level: $0.0, index: $0.1) } == Array(0..<8))
        #expect(MerkleTree.position(level: 0, index: 1_000_000) == MerkleTree.storedNodes(leaves: 1_000_000))

        let store = Store(Self.inputs)
        #expect(Int64(store.nodes.count) == MerkleTree.storedNodes(leaves: Self.maxSize))
        // Every complete subtree has its own position, and together they fill the store.
        var seen = Set<Int64>()
        for level in 0..<7 {
            for index in 0..<(Self.maxSize >> level) {
                let at = MerkleTree.position(level: level, index: index)
                seen.insert(at)
                let leaves = Int(index << level)..<Int((index + 1) << level)
                #expect(store.nodes[Int(at)] == Self.reference.mth(leaves), "node (\(level), \(index))")
            }
        }
        #expect(seen == Set(0..<MerkleTree.storedNodes(leaves: Self.maxSize)))
    }

    @Test("an accumulator resumed from the store has the same peaks and goes on the same way")
    func resume() throws {
        let full = Store(Self.inputs)
        for size in 0...Self.maxSize {
            var resumed = try MerkleAccumulator(size: size, node: full.reader(size: size))
            var fresh = MerkleAccumulator()
            var emitted: [MerkleTree.Hash] = []
            for input in Self.inputs[..<Int(size)] {
                fresh.append(leaf: MerkleTree.leafHash(input[...])) { emitted.append($0) }
            }
            #expect(resumed.size == size)
            #expect(resumed.peaks == fresh.peaks, "size \(size)")
            #expect(resumed.peaks.count == size.nonzeroBitCount)
            #expect(resumed.root == Self.reference.mth(0..<Int(size)))
            for input in Self.inputs[Int(size)...] {
                resumed.append(leaf: MerkleTree.leafHash(input[...])) { emitted.append($0) }
            }
            #expect(emitted == full.nodes, "appending after resuming at \(size)")
            #expect(resumed.root == full.accumulator.root)
        }
    }

    @Test("a tree of 2^16 + 3 leaves: one node hash per completed parent, and proofs at its edges verify")
    func largeTree() throws {
        let size: Int64 = (1 << 16) + 3
        var accumulator = MerkleAccumulator()
        var nodes: [MerkleTree.Hash] = []
        nodes.reserveCapacity(Int(MerkleTree.storedNodes(leaves: size)))
        var leafHashes: [MerkleTree.Hash] = []
        for i in 0..<size {
            let leaf = withUnsafeBytes(of: i.littleEndian) { MerkleTree.leafHash($0) }
            leafHashes.append(leaf)
            accumulator.append(leaf: leaf) { nodes.append($0) }
        }
        // n leaves stored, and n − popcount(n) parents: each one nodeHash call.
        #expect(Int64(nodes.count) == MerkleTree.storedNodes(leaves: size))
        let read: MerkleTree.NodeReader = { level, index in nodes[Int(MerkleTree.position(level: level, index: index))]
        }
        let root = try MerkleTree.root(size: size, node: read)
        #expect(root == accumulator.root)
        for index in [0, 1, size / 2, size - 4, size - 2, size - 1] {
            let path = try MerkleTree.inclusionPath(index: index, size: size, node: read)
            try MerkleTree.verifyInclusion(
                leaf: leafHashes[Int(index)], index: index, size: size, path: path, root: root)
        }
        for old: Int64 in [1, 3, 1 << 15, 1 << 16, size - 1, size] {
            let path = try MerkleTree.consistencyPath(old: old, new: size, node: read)
            let oldRoot = try MerkleTree.root(size: old, node: read)
            try MerkleTree.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: root, path: path)
        }
    }

    static let root8 = ctRoots[8]
    static let root6 = ctRoots[6]
    static let leaf5 = ctNodes[0][5]
    static let path5 = ctInclusion[2].path.map(bytes)
    static let proof6to8 = ctConsistency[2].path.map(bytes)

    static func inclusion(
        leaf: [UInt8] = MerkleTreeTests.leaf5, index: Int64 = 5, size: Int64 = 8,
        path: [[UInt8]] = MerkleTreeTests.path5, root: [UInt8] = MerkleTreeTests.root8
    ) -> @Sendable () throws(MerkleProofError) -> Void {
        { () throws(MerkleProofError) in
            try MerkleTree.verifyInclusion(leaf: leaf, index: index, size: size, path: path, root: root)
        }
    }

    static func consistency(
        old: Int64 = 6, new: Int64 = 8, oldRoot: [UInt8] = MerkleTreeTests.root6,
        newRoot: [UInt8] = MerkleTreeTests.root8, path: [[UInt8]] = MerkleTreeTests.proof6to8
    ) -> @Sendable () throws(MerkleProofError) -> Void {
        { () throws(MerkleProofError) in
            try MerkleTree.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, path: path)
        }
    }

    static let hostile: [HostileProof] = [
        HostileProof(
            name: "inclusion path one hash too long", run: inclusion(path: path5 + [root8]),
            outcome: .error(.pathLength(expected: 3, actual: 4))),
        HostileProof(
            name: "inclusion path truncated", run: inclusion(path: Array(path5.dropLast())),
            outcome: .error(.pathLength(expected: 3, actual: 2))),
        HostileProof(
            name: "inclusion path empty", run: inclusion(path: []), outcome: .error(.pathLength(expected: 3, actual: 0))
        ),
        HostileProof(
            name: "inclusion path hash of 31 bytes",
            run: inclusion(path: [path5[0], Array(path5[1].dropLast()), path5[2]]),
            outcome: .error(.badHashLength(field: "path[1]", count: 31))),
        HostileProof(
            name: "leaf hash of 31 bytes", run: inclusion(leaf: Array(leaf5.dropLast())),
            outcome: .error(.badHashLength(field: "leaf", count: 31))),
        HostileProof(
            name: "root of 33 bytes", run: inclusion(root: root8 + [0]),
            outcome: .error(.badHashLength(field: "root", count: 33))),
        HostileProof(
            name: "index equal to size", run: inclusion(index: 8),
            outcome: .error(.indexOutOfRange(index: 8, size: 8))),
        HostileProof(
            name: "negative index", run: inclusion(index: -1), outcome: .error(.indexOutOfRange(index: -1, size: 8))),
        HostileProof(
            name: "empty tree", run: inclusion(index: 0, size: 0),
            outcome: .error(.indexOutOfRange(index: 0, size: 0))),
        HostileProof(
            name: "tree twice as big", run: inclusion(size: 16), outcome: .error(.pathLength(expected: 4, actual: 3))),
        HostileProof(
            name: "flipped byte in an inclusion path hash",
            run: inclusion(path: [path5[0], flipped(path5[1], at: 17), path5[2]]),
            outcome: .mismatch(field: "root")),
        HostileProof(
            name: "another leaf", run: inclusion(leaf: ctNodes[0][4]), outcome: .mismatch(field: "root")),
        HostileProof(name: "a neighbour's index", run: inclusion(index: 4), outcome: .mismatch(field: "root")),
        HostileProof(name: "another root", run: inclusion(root: root6), outcome: .mismatch(field: "root")),
        HostileProof(
            name: "old size above new", run: consistency(old: 8, new: 6),
            outcome: .error(.sizesOutOfOrder(old: 8, new: 6))),
        HostileProof(
            name: "old size 0", run: consistency(old: 0, oldRoot: MerkleTree.emptyRoot, path: []),
            outcome: .error(.sizesOutOfOrder(old: 0, new: 8))),
        HostileProof(
            name: "negative old size", run: consistency(old: -2), outcome: .error(.sizesOutOfOrder(old: -2, new: 8))),
        HostileProof(
            name: "consistency path one hash too long", run: consistency(path: proof6to8 + [root8]),
            outcome: .error(.pathLength(expected: 3, actual: 4))),
        HostileProof(
            name: "consistency path truncated", run: consistency(path: Array(proof6to8.dropLast())),
            outcome: .error(.pathLength(expected: 3, actual: 2))),
        HostileProof(
            name: "consistency path empty", run: consistency(path: []),
            outcome: .error(.pathLength(expected: 3, actual: 0))),
        HostileProof(
            name: "consistency path hash of 31 bytes",
            run: consistency(path: [proof6to8[0], proof6to8[1], Array(proof6to8[2].dropFirst())]),
            outcome: .error(.badHashLength(field: "path[2]", count: 31))),
        HostileProof(
            name: "old root of 31 bytes", run: consistency(oldRoot: Array(root6.dropLast())),
            outcome: .error(.badHashLength(field: "old root", count: 31))),
        HostileProof(
            name: "equal sizes with a path", run: consistency(old: 8, oldRoot: root8, path: [root8]),
            outcome: .error(.pathLength(expected: 0, actual: 1))),
        HostileProof(
            name: "equal sizes, different roots", run: consistency(old: 8, path: []),
            outcome: .error(.rootMismatch(field: "new root", expected: root8, computed: root6))),
        HostileProof(
            name: "flipped byte in the consistency path's first hash",
            run: consistency(path: [flipped(proof6to8[0], at: 31), proof6to8[1], proof6to8[2]]),
            outcome: .mismatch(field: "old root")),
        HostileProof(
            name: "flipped byte in the consistency path's last hash",
            run: consistency(path: [proof6to8[0], proof6to8[1], flipped(proof6to8[2], at: 0)]),
            outcome: .mismatch(field: "old root")),
        HostileProof(
            name: "roots swapped", run: consistency(oldRoot: root8, newRoot: root6),
            outcome: .mismatch(field: "old root")),
        HostileProof(
            name: "another new root", run: consistency(newRoot: ctRoots[7]), outcome: .mismatch(field: "new root")),
        HostileProof(
            name: "another old size", run: consistency(old: 5), outcome: .error(.pathLength(expected: 4, actual: 3))),
        HostileProof(
            name: "another old size with a path as long", run: consistency(old: 1),
            outcome: .mismatch(field: "new root")),
    ]

    @Test("hostile proofs are refused with the right error and status", arguments: hostile)
    func hostileProofs(_ proof: HostileProof) {
        do throws(MerkleProofError) {
            try proof.run()
            Issue.record("\(proof.name) verified")
        } catch {
            switch proof.outcome {
            case .error(let expected):
                #expect(error == expected)
                #expect(error.status == expected.status)
            case .mismatch(let field):
                guard case .rootMismatch(field, _, _) = error else {
                    Issue.record("expected a mismatch of the \(field), got \(error)")
                    return
                }
            }
            switch error {
            case .rootMismatch:
                #expect(error.status == .verificationFailed)
            case .badHashLength, .indexOutOfRange, .sizesOutOfOrder, .pathLength:
                #expect(error.status == .badInput)
            }
            #expect(!error.description.isEmpty && error.description.contains("Fix:"))
        }
    }

    @Test("the unaltered proofs behind the hostile table verify")
    func hostileControls() throws {
        try Self.inclusion()()
        try Self.consistency()()
        try Self.consistency(old: 8, oldRoot: Self.root8, path: [])()
    }

    @Test("asking a store for a path outside the tree is refused before any read")
    func refusedRequests() {
        let store = Store(Self.ctInputs)
        #expect(throws: MerkleProofError.indexOutOfRange(index: 8, size: 8)) {
            try MerkleTree.inclusionPath(index: 8, size: 8, node: store.reader(size: 8))
        }
        #expect(throws: MerkleProofError.sizesOutOfOrder(old: 0, new: 8)) {
            try MerkleTree.consistencyPath(old: 0, new: 8, node: store.reader(size: 8))
        }
        #expect(throws: MerkleProofError.sizesOutOfOrder(old: 8, new: 7)) {
            try MerkleTree.consistencyPath(old: 8, new: 7, node: store.reader(size: 7))
        }
        #expect(store.reads == 0)
        #expect(MerkleProofError.sizesOutOfOrder(old: 0, new: 8).status == .badInput)
        #expect(MerkleProofError.rootMismatch(field: "root", expected: [], computed: []).status == .verificationFailed)
    }
}

extension MerkleTreeTests {
    /// What a hostile proof must be refused with.
    enum HostileOutcome: Sendable {
        /// Exactly this error.
        case error(MerkleProofError)
        /// A root mismatch on this field, whatever root the proof computed.
        case mismatch(field: String)
    }

    struct HostileProof: Sendable, CustomTestStringConvertible {
        var name: String
        var run: @Sendable () throws(MerkleProofError) -> Void
        var outcome: HostileOutcome
        var testDescription: String { name }
    }
}
