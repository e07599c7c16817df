import AnnalsCore
import AnnalsSystem

extension EventLog {
    /// The size and root of the log's Merkle tree at some size.
    public struct TreeHead: Sendable, Equatable {
        public var size: Int64
        public var root: MerkleTree.Hash
    }

    /// The tree head at `size` records (nil: the whole log).
    public func treeHead(size: Int64? = nil) throws -> TreeHead {
        try withTree { store, tail in
            let size = try Self.checkSize(size ?? tail.seq, records: tail.seq, what: "the tree size")
            return TreeHead(size: size, root: try store.root(size: size))
        }
    }

    /// The inclusion proof of the record at `seq` in the tree of `size` records (nil: the whole
    /// log), checked against that tree's root before it is returned.
    public func inclusionProof(seq: Int64, size: Int64? = nil) throws -> (proof: InclusionProof, record: Record) {
        try withTree { store, tail in
            guard seq >= 1, seq <= tail.seq else {
                throw StoreError.outOfRange(
                    what: "seq \(seq)", limit: "the log of \(tail.seq) record\(tail.seq == 1 ? "" : "s")",
                    fix: "give a seq from 1 to \(tail.seq)")
            }
            let size = size ?? tail.seq
            guard size >= seq, size <= tail.seq else {
                throw StoreError.outOfRange(
                    what: "the tree size \(size)", limit: "the sizes whose tree holds seq \(seq)",
                    fix: "give a size from \(seq) to \(tail.seq)")
            }
            let (line, record) = try recordLine(seq: seq)
            let leaf = MerkleTree.leafHash(line[...])
            let index = seq - 1
            let proof = InclusionProof(
                index: index, size: size, root: try store.root(size: size), leaf: leaf,
                path: try MerkleTree.inclusionPath(index: index, size: size, node: store.node), record: line)
            do { try proof.verify() } catch { throw StoreError.staleTree(path: store.path) }
            return (proof, record)
        }
    }

    /// The consistency proof from the tree of `old` records to the tree of `new` (nil: the whole
    /// log), checked before it is returned.
    public func consistencyProof(old: Int64, new: Int64? = nil) throws -> ConsistencyProof {
        try withTree { store, tail in
            let new = try Self.checkSize(new ?? tail.seq, records: tail.seq, what: "the new size")
            guard old >= 1, old <= new else {
                throw StoreError.outOfRange(
                    what: "the old size \(old)", limit: "1 to the new size \(new)",
                    fix: "give the older (smaller) tree size first")
            }
            let path = try MerkleTree.consistencyPath(old: old, new: new, node: store.node)
            let proof = ConsistencyProof(
                oldSize: old, newSize: new, oldRoot: try store.root(size: old), newRoot: try store.root(size: new),
                path: path)
            do { try proof.verify() } catch { throw StoreError.staleTree(path: store.path) }
            return proof
        }
    }

    /// The record at `seq`, found by bisecting its segment (O(log n) reads, whatever its size).
    public func findRecord(seq: Int64) throws -> Record {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try recordLine(seq: seq).record
    }

    /// The seq of the event `id`, from the name index when it covers the log as it is now (O(1));
    /// nil when the index is behind or missing, or has no such event.
    public func seq(ofEvent id: String) throws -> Int64? {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        let tail = try readTail(try Segment.list(in: layout.events))
        guard let covered = NameIndex.peekCovered(path: layout.nameIndex), covered.seq == tail.seq,
            covered.hash == tail.hash
        else { return nil }
        return try NameIndex(path: layout.nameIndex).seq(of: Name(.event, id).key)
    }

    private static func checkSize(_ size: Int64, records: Int64, what: String) throws(StoreError) -> Int64 {
        guard size >= 0, size <= records else {
            throw StoreError.outOfRange(
                what: "\(what) \(size)", limit: "the log of \(records) record\(records == 1 ? "" : "s")",
                fix: "give a size from 1 to \(records)")
        }
        return size
    }

    // MARK: Keeping the tree

    /// Runs `body` with the tree store brought up to the log's last record, under a shared lock
    /// (taken exclusively while the store is brought up).
    /// Forgets the derived tree in `.annals/`: the next command that needs it builds it from `Events/`.
    public func discardTree() throws {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        try MerkleStore(layout: layout).reset()
    }

    /// A store whose proofs do not check against its own root is built again from `Events/`, once.
    func withTree<T>(_ body: (MerkleStore, Tail) throws -> T) throws -> T {
        do {
            return try withTreeOnce(rebuild: false, body)
        } catch StoreError.staleTree(_) {
            return try withTreeOnce(rebuild: true, body)
        }
    }

    /// The store is brought up (or, with `rebuild`, built again) under the exclusive lock, after
    /// rolling back an append that died in the gap while the lock changed hands (the lock is let go
    /// while it changes mode); `body` then runs under the shared lock.
    private func withTreeOnce<T>(rebuild: Bool, _ body: (MerkleStore, Tail) throws -> T) throws -> T {
        guard let lock = try lock(.shared) else {
            throw StoreError.io(path: layout.state, operation: "create directory", errno: Errno.accessDenied)
        }
        defer { withExtendedLifetime(lock) {} }
        var store = try MerkleStore(layout: layout)
        var tail = try readTail(try Segment.list(in: layout.events))
        if rebuild || store.seal.size != tail.seq || store.seal.head != tail.hash {
            try lock.convert(to: .exclusive, timeout: lockTimeout)
            if AppendJournal.armed(at: layout.journal) != nil { try rollBackUncommitted() }
            let segments = try Segment.list(in: layout.events)
            tail = try readTail(segments)
            store = try MerkleStore(layout: layout)
            if rebuild { try store.reset() }
            try bringUp(store, to: tail, segments: segments)
            try lock.convert(to: .shared, timeout: lockTimeout)
        }
        return try body(store, tail)
    }

    /// Adds the leaves of the records the store lacks (all of them when its seal names no record
    /// of this log), hashing them on every core.
    func bringUp(_ store: MerkleStore, to tail: Tail, segments: [Segment]) throws {
        let seal = store.seal
        var from = seal.size + 1
        if seal.size > tail.seq || (seal.size > 0 && (try? recordLine(seq: seal.size).record.hash) != seal.head) {
            try store.reset()
            from = 1
        }
        guard from <= tail.seq else { return }
        if tail.seq - from > 100_000 { notice("building the Merkle tree in .annals/ (\(tail.seq - from + 1) records)") }
        var appender = try store.appender()
        let count = try forEachLeaf(from: from, segments: segments) { try appender.add(leaf: $0) }
        guard count == tail.seq else {
            throw StoreError.corrupt(
                segment: "Events/" + (segments.last?.name ?? ""), line: 0, seq: tail.seq,
                problem: "the segments hold \(count) records, but the last one says seq \(tail.seq)")
        }
        try store.commit(&appender, head: tail.hash)
    }

    /// The roots of the log's tree at each of `sizes`, computed from the segments' bytes alone
    /// (no derived state): what `verify --checkpoint` compares with checkpoints. Sizes past the
    /// log are left out of the result.
    public func treeRoots(at sizes: Set<Int64>) throws -> [Int64: MerkleTree.Hash] {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        var roots: [Int64: MerkleTree.Hash] = [:]
        if sizes.contains(0) { roots[0] = MerkleTree.emptyRoot }
        guard let largest = sizes.max(), largest > 0 else { return roots }
        var accumulator = MerkleAccumulator()
        _ = try forEachLeaf(from: 1, segments: try Segment.list(in: layout.events)) { leaf in
            guard accumulator.size < largest else { return }
            accumulator.append(leaf: leaf) { _ in }
            if sizes.contains(accumulator.size) { roots[accumulator.size] = accumulator.root }
        }
        return roots
    }

    /// Calls `body` with the leaf hash of every record from seq `from` on, in order, hashing on
    /// every core for a large log. Returns the seq of the last record read.
    private func forEachLeaf(
        from: Int64, segments: [Segment], _ body: (MerkleTree.Hash) throws -> Void
    ) throws -> Int64 {
        let first = segments.lastIndex { $0.firstSeq <= from } ?? 0
        let chosen = Array(segments[first...])
        let threads = Self.bytes(of: chosen) < Self.verifyThreadsMinimumBytes ? 0 : Self.cores
        let work = OrderedWork<VerifyChunk, LeafChunk>(threads: threads, window: 2 * threads + 1) { LeafChunk($0) }
        defer { work.stop() }
        var reader = VerifyReader(segments: chosen, chunkBytes: Self.verifyChunkBytes)
        var seq = chosen.first?.firstSeq ?? 1
        func take(_ leaves: LeafChunk) throws {
            if let failure = leaves.failure { throw failure }
            let segment = chosen[leaves.segment]
            if leaves.startsSegment && segment.firstSeq != seq {
                throw StoreError.corrupt(
                    segment: "Events/" + segment.name, line: 1, seq: seq,
                    problem: "the segment starts at seq \(segment.firstSeq), but the records before end at \(seq - 1)")
            }
            for at in stride(from: 0, to: leaves.hashes.count, by: 32) {
                if seq >= from { try body(Array(leaves.hashes[at..<at + 32])) }
                seq += 1
            }
            if let torn = leaves.torn {
                throw StoreError.tornTail(
                    segment: "Events/" + segment.name, line: Int(seq - segment.firstSeq) + 1, bytes: torn)
            }
        }
        while let chunk = reader.next() {
            if work.isFull, let done = work.take() { try take(done) }
            work.put(chunk)
        }
        while let done = work.take() { try take(done) }
        return seq - 1
    }

    /// The line of the record at `seq` (without its newline) and the record, found by bisecting
    /// its segment on the records' seq: O(log size) reads however large the segment is.
    func recordLine(seq: Int64) throws -> (line: [UInt8], record: Record) {
        let segments = try Segment.list(in: layout.events)
        guard let segment = segments.last(where: { $0.firstSeq <= seq }) else {
            throw StoreError.outOfRange(what: "seq \(seq)", limit: "the log", fix: "give a seq the log has")
        }
        let file = try PosixFile(path: segment.path, flags: .readOnly)
        var finder = LineFinder(file: file, size: try file.size(), segment: segment)
        let line = try finder.line(seq: seq)
        do {
            let record = try RecordCodec.decode(line[...])
            guard record.seq == seq else { throw RecordCodec.Problem.badField("the record says seq \(record.seq)") }
            return (line, record)
        } catch {
            throw StoreError.corrupt(
                segment: "Events/" + segment.name, line: 0, seq: seq, problem: "\(error)")
        }
    }
}

/// The leaf hashes of a chunk of whole lines, computed on a worker.
struct LeafChunk: Sendable {
    var segment: Int
    var startsSegment: Bool
    /// 32 bytes per line, in order.
    var hashes: [UInt8] = []
    /// The bytes of a last line without its newline at the end of its segment.
    var torn: Int?
    var failure: StoreError?

    init(_ chunk: VerifyChunk) {
        segment = chunk.segment
        startsSegment = chunk.startsSegment
        failure = chunk.failure
        hashes.reserveCapacity(chunk.bytes.count / 16)
        var lines = BlockLines()
        lines.load(chunk.bytes)
        while let line = lines.next() {
            guard line.endIndex < chunk.bytes.count else {
                torn = line.count
                break
            }
            hashes.append(contentsOf: MerkleTree.leafHash(line))
        }
    }
}
