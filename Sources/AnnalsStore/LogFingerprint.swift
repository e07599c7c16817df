import AnnalsCore
import AnnalsSystem

/// What the segments of `Events/` looked like when a reader of the log last caught up with it:
/// each segment's name, size, modification time, inode and the SHA-256 of its bytes.
///
/// Derived state (the name index, the projection database) keeps one, so that before trusting
/// itself it can tell cheaply whether the log was only appended to since (a stat per segment,
/// and a hash of the bytes of any segment whose stat changed), or whether bytes it had already
/// read were edited, cut or removed: then it is rebuilt from the log, which re-checks every
/// record, and an edited record stops the command instead of being served or extended.
public struct LogFingerprint: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var size: Int
        public var modified: Int64
        public var changed: Int64
        public var inode: UInt64
        /// SHA-256 of each ``LogFingerprint/blockSize`` block of the segment (the last may be shorter).
        public var blocks: [String]
    }

    /// Segments are hashed in blocks, so that a segment that grew is re-hashed only from its last
    /// whole block once the bytes before were checked.
    public static let blockSize = 4 << 20

    public var entries: [Entry]
    /// The last seq and chain hash the reader had taken in when it took the fingerprint.
    public var seq: Int64 = 0
    public var head: String = Digest.genesis

    /// What changed since the fingerprint was taken.
    public enum Change: Sendable, Equatable {
        case unchanged
        /// Only appended to: every byte seen before is still there, unchanged.
        case appended
        /// Bytes seen before were changed, cut or removed.
        case rewritten(String)
    }

    public init(entries: [Entry]) { self.entries = entries }

    /// Takes the fingerprint of `segments`. A segment whose stat matches `previous` keeps its
    /// entry; with `trustingGrowth` (the caller holds the exclusive lock and has just appended,
    /// after checking `previous`), a segment that grew keeps the hashes of its whole old blocks.
    static func capture(_ segments: [Segment], reusing previous: LogFingerprint?, trustingGrowth: Bool = false)
        throws(StoreError) -> LogFingerprint
    {
        var entries: [Entry] = []
        for segment in segments {
            let st = try Self.stat(segment.path)
            let old = previous?.entries.first(where: { $0.name == segment.name })
            if let old, old.size == st.size, old.modified == st.modified, old.changed == st.changed,
                old.inode == st.inode
            {
                entries.append(old)
                continue
            }
            var kept: [String] = []
            if trustingGrowth, let old, st.size >= old.size { kept = Array(old.blocks.prefix(old.size / blockSize)) }
            let hashed = try Self.hashBlocks(segment.path, from: kept.count, to: st.size)
            entries.append(
                Entry(
                    name: segment.name, size: st.size, modified: st.modified, changed: st.changed, inode: st.inode,
                    blocks: kept + hashed))
        }
        return LogFingerprint(entries: entries)
    }

    /// Compares the segments as they are now with this fingerprint, and takes their fingerprint
    /// in the same pass: the bytes seen before are hashed once, to check them, and their whole
    /// blocks are kept.
    func refreshed(_ segments: [Segment]) throws(StoreError) -> (Change, LogFingerprint) {
        var change = Change.unchanged
        var entries: [Entry] = []
        let lastSeen = self.entries.last?.name ?? ""
        for segment in segments {
            switch try refreshedEntry(segment, lastSeen: lastSeen) {
            case .rewritten(let why):
                return (.rewritten(why), self)
            case .entry(let entry, let grew):
                entries.append(entry)
                if grew { change = .appended }
            }
        }
        for old in self.entries where !segments.contains(where: { $0.name == old.name }) {
            return (.rewritten("Events/\(old.name) is gone"), self)
        }
        var fresh = LogFingerprint(entries: entries)
        (fresh.seq, fresh.head) = (seq, head)
        return (change, fresh)
    }

    /// One segment as it is now, compared with its entry in a fingerprint.
    private enum SegmentState {
        /// Its entry now, and whether it is new or grew.
        case entry(Entry, grew: Bool)
        /// Why bytes seen before are no longer there as they were.
        case rewritten(String)
    }

    /// The entry of `segment` as it is now, checking that the bytes this fingerprint saw are
    /// unchanged (a new segment must come after `lastSeen`, the last one seen).
    private func refreshedEntry(_ segment: Segment, lastSeen: String) throws(StoreError) -> SegmentState {
        let st = try Self.stat(segment.path)
        guard let old = self.entries.first(where: { $0.name == segment.name }) else {
            if segment.name < lastSeen {
                return .rewritten("Events/\(segment.name) appeared before the end of the log")
            }
            return .entry(
                Entry(
                    name: segment.name, size: st.size, modified: st.modified, changed: st.changed, inode: st.inode,
                    blocks: try Self.hashBlocks(segment.path, from: 0, to: st.size)),
                grew: true)
        }
        if st.size == old.size && st.modified == old.modified && st.changed == old.changed && st.inode == old.inode {
            return .entry(old, grew: false)
        }
        if st.size < old.size {
            return .rewritten(
                "Events/\(old.name) is \(old.size - st.size) bytes shorter than it was (a checkout, or an edit)")
        }
        if try Self.hashBlocks(segment.path, from: 0, to: old.size) != old.blocks {
            return .rewritten("Events/\(old.name) was rewritten (a checkout, merge or rebase, or an edit)")
        }
        let whole = old.size / Self.blockSize
        let rest = try Self.hashBlocks(segment.path, from: whole, to: st.size)
        return .entry(
            Entry(
                name: segment.name, size: st.size, modified: st.modified, changed: st.changed, inode: st.inode,
                blocks: Array(old.blocks.prefix(whole)) + rest),
            grew: st.size > old.size)
    }

    // MARK: Storage: "covers SEQ HEAD", then one line per segment:
    // "name size modified changed inode sha256,sha256,…"

    public var text: String {
        "covers \(seq) \(head)\n"
            + entries.map {
                "\($0.name) \($0.size) \($0.modified) \($0.changed) \($0.inode) "
                    + "\($0.blocks.isEmpty ? "-" : $0.blocks.joined(separator: ","))\n"
            }.joined()
    }

    /// Parses ``text``; nil when it is not a fingerprint.
    public init?(text: String) {
        var entries: [Entry] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 3 && f[0] == "covers" {
                guard let seq = Int64(f[1]), Digest.isHex64(String(f[2])) else { return nil }
                (self.seq, self.head) = (seq, String(f[2]))
                continue
            }
            guard f.count == 6, Segment.isName(String(f[0])), let size = Int(f[1]), let modified = Int64(f[2]),
                let changed = Int64(f[3]), let inode = UInt64(f[4])
            else { return nil }
            let blocks = f[5] == "-" ? [] : f[5].split(separator: ",").map(String.init)
            guard blocks.allSatisfy(Digest.isHex64), blocks.count == (size + Self.blockSize - 1) / Self.blockSize else {
                return nil
            }
            entries.append(
                Entry(
                    name: String(f[0]), size: size, modified: modified, changed: changed, inode: inode, blocks: blocks))
        }
        self.entries = entries
    }

    static func load(_ path: String) -> LogFingerprint? {
        guard let file = try? PosixFile(path: path, flags: .readOnly), let size = try? file.size(), size < 1 << 26,
            let bytes = try? file.read(at: 0, count: size)
        else { return nil }
        return LogFingerprint(text: String(decoding: bytes, as: UTF8.self))
    }

    func save(_ path: String) throws(StoreError) {
        try OutputPath.writeAtomically(Array(text.utf8), to: path)
    }

    // MARK: Files

    private static func stat(_ path: String) throws(StoreError) -> (
        size: Int, modified: Int64, changed: Int64, inode: UInt64
    ) {
        let st = try FileSystem.status(of: path, followingLinks: false)
        return (st.size, st.modified, st.changed, st.inode)
    }

    /// SHA-256 of each block from block number `first` up to byte `end`.
    private static func hashBlocks(_ path: String, from first: Int, to end: Int) throws(StoreError) -> [String] {
        let file = try PosixFile(path: path, flags: .readOnly)
        var hashes: [String] = []
        var offset = first * blockSize
        while offset < end {
            let count = min(blockSize, end - offset)
            let bytes = try file.read(at: offset, count: count)
            guard bytes.count == count else { throw .io(path: path, operation: "read", errno: Errno.io) }
            hashes.append(Digest.sha256Hex(bytes))
            offset += count
        }
        return hashes
    }
}
