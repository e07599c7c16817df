import AnnalsCore
import AnnalsSystem

/// The log's Merkle tree (RFC 9162 §2.1) as `.annals/` keeps it, so proofs take O(log n) reads:
/// `tree` holds every complete subtree's hash, 32 bytes each, in post-order (each leaf, then
/// the parents it completes; see ``MerkleTree/position(level:index:)``), and `tree.seal` says
/// how many records it covers, the chain hash of the last of them and the root.
///
/// Derived from the log: a store whose seal no longer names a record of the log is rebuilt.
/// Nodes past the seal (an append that did not commit) are ignored and overwritten.
final class MerkleStore {
    /// What the store covers: the first `size` records, the last of which has chain hash `head`.
    struct Seal: Equatable {
        var size: Int64
        var head: String
        var root: MerkleTree.Hash

        static let empty = Seal(size: 0, head: Digest.genesis, root: MerkleTree.emptyRoot)

        var line: String { "annals-tree 1 \(size) \(head) \(Digest.hex(root))\n" }

        init(size: Int64, head: String, root: MerkleTree.Hash) {
            self.size = size
            self.head = head
            self.root = root
        }

        /// Parses a seal line; nil when it is garbled (the store is then rebuilt).
        init?(line bytes: [UInt8]) {
            let parts = String(decoding: bytes, as: UTF8.self).split(separator: " ")
            guard parts.count == 5, parts[0] == "annals-tree", parts[1] == "1", let size = Int64(parts[2]), size >= 0,
                Digest.isHex64(String(parts[3])), let root = Digest.bytes(hex: parts[4].trimmingSuffix("\n")),
                root.count == 32
            else { return nil }
            self.init(size: size, head: String(parts[3]), root: root)
        }
    }

    let path: String
    let sealPath: String
    private let file: PosixFile
    private(set) var seal: Seal

    /// Opens (creating it empty when missing) the store in `layout`'s `.annals/`. A seal that is
    /// garbled, or that the nodes on disk do not bear out, reads as an empty store.
    init(layout: LedgerLayout) throws(StoreError) {
        path = layout.tree
        sealPath = layout.state + "/tree.seal"
        file = try PosixFile(path: path, flags: [.readWrite, .create])
        seal = .empty
        guard let bytes = try? FileSystem.read(sealPath), let read = Seal(line: bytes) else { return }
        let needed = MerkleTree.storedNodes(leaves: read.size) * 32
        guard Int64(try file.size()) >= needed else { return }
        seal = read
        // The peaks must give the root the seal names (a torn write leaves them short or stale).
        guard (try? MerkleTree.root(size: read.size, node: node)) == read.root else {
            seal = .empty
            return
        }
    }

    /// The stored hash of the complete subtree (level, index).
    func node(level: Int, index: Int64) throws -> MerkleTree.Hash {
        let at = MerkleTree.position(level: level, index: index) * 32
        let bytes = try file.read(at: Int(at), count: 32)
        guard bytes.count == 32 else {
            throw StoreError.io(path: path, operation: "read (it is shorter than its seal says)", errno: Errno.io)
        }
        return bytes
    }

    /// The root of the first `size` leaves (at most the sealed size).
    func root(size: Int64) throws -> MerkleTree.Hash {
        precondition(size <= seal.size)
        return size == seal.size ? seal.root : try MerkleTree.root(size: size, node: node)
    }

    /// An appender of leaves after the sealed ones.
    func appender() throws -> Appender {
        try Appender(file: file, accumulator: MerkleAccumulator(size: seal.size, node: node))
    }

    /// Makes what `appender` added the sealed tree, covering records up to one with chain hash `head`.
    func commit(_ appender: inout Appender, head: String) throws {
        try appender.flush()
        let next = Seal(size: appender.accumulator.size, head: head, root: appender.accumulator.root)
        try FileSystem.writeAtomically(Array(next.line.utf8), to: sealPath)
        seal = next
    }

    /// Forgets every node: the next appender starts from the first leaf.
    func reset() throws {
        try? FileSystem.remove(sealPath)
        try file.truncate(to: 0)
        seal = .empty
    }

    /// Adds leaves to the store, writing the nodes they complete in large writes after the
    /// sealed ones. Nothing it writes counts until ``MerkleStore/commit(_:head:)``.
    struct Appender {
        fileprivate let file: PosixFile
        private(set) var accumulator: MerkleAccumulator
        private var buffer: [UInt8] = []
        private var offset: Int

        fileprivate init(file: PosixFile, accumulator: MerkleAccumulator) {
            self.file = file
            self.accumulator = accumulator
            offset = Int(MerkleTree.storedNodes(leaves: accumulator.size) * 32)
            buffer.reserveCapacity(Self.flushBytes + 64 * 32)
        }

        static let flushBytes = 1 << 20

        /// Adds one leaf by its hash.
        mutating func add(leaf: MerkleTree.Hash) throws {
            accumulator.append(leaf: leaf) { buffer.append(contentsOf: $0) }
            if buffer.count >= Self.flushBytes { try flush() }
        }

        /// Adds the leaf of each newline-terminated line in `lines` (whole records).
        mutating func add(lines: [UInt8]) throws {
            guard !lines.isEmpty else { return }
            try lines.withUnsafeBytes { raw in
                var start = 0
                let base = raw.baseAddress!
                while start < raw.count, let nl = Memory.find(0x0A, in: base + start, count: raw.count - start) {
                    let end = UnsafeRawPointer(nl) - base
                    try add(leaf: MerkleTree.leafHash(UnsafeRawBufferPointer(rebasing: raw[start..<end])))
                    start = end + 1
                }
            }
        }

        /// Writes out the nodes waiting in memory.
        mutating func flush() throws {
            guard !buffer.isEmpty else { return }
            try file.write(buffer, at: offset)
            offset += buffer.count
            buffer.removeAll(keepingCapacity: true)
        }
    }
}

extension Substring {
    fileprivate func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
