import AnnalsCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        public var inode: UInt64
        public var sha256: String
    }

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

    /// Takes the fingerprint of `segments`, hashing only those whose stat differs from `previous`.
    static func capture(_ segments: [Segment], reusing previous: LogFingerprint?) throws(StoreError) -> LogFingerprint {
        var entries: [Entry] = []
        for segment in segments {
            let st = try Self.stat(segment.path)
            if let old = previous?.entries.first(where: { $0.name == segment.name }),
               old.size == st.size, old.modified == st.modified, old.inode == st.inode {
                entries.append(old)
                continue
            }
            let sha = try Self.hash(segment.path, count: st.size)
            entries.append(Entry(name: segment.name, size: st.size, modified: st.modified, inode: st.inode, sha256: sha))
        }
        return LogFingerprint(entries: entries)
    }

    /// Compares the segments as they are now with this fingerprint.
    func compare(_ segments: [Segment]) throws(StoreError) -> Change {
        var change = Change.unchanged
        let names = Set(segments.map(\.name))
        for old in entries {
            guard let segment = segments.first(where: { $0.name == old.name }) else {
                return .rewritten("Events/\(old.name) is gone")
            }
            let st = try Self.stat(segment.path)
            if st.size == old.size && st.modified == old.modified && st.inode == old.inode { continue }
            if st.size < old.size {
                return .rewritten("Events/\(old.name) is \(old.size - st.size) bytes shorter than it was")
            }
            if try Self.hash(segment.path, count: old.size) != old.sha256 {
                return .rewritten("bytes already in Events/\(old.name) were changed")
            }
            change = .appended
        }
        let lastSeen = entries.last?.name ?? ""
        for name in names where !entries.contains(where: { $0.name == name }) {
            if name < lastSeen { return .rewritten("Events/\(name) appeared before the end of the log") }
            change = .appended
        }
        return change
    }

    // MARK: Storage: "covers SEQ HEAD", then one line per segment, "name size modified inode sha256"

    public var text: String {
        "covers \(seq) \(head)\n" + entries.map { "\($0.name) \($0.size) \($0.modified) \($0.inode) \($0.sha256)\n" }.joined()
    }

    public init(entries: [Entry]) { self.entries = entries }

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
            guard f.count == 5, Segment.isName(String(f[0])), let size = Int(f[1]), let modified = Int64(f[2]),
                  let inode = UInt64(f[3]), Digest.isHex64(String(f[4])) else { return nil }
            entries.append(Entry(name: String(f[0]), size: size, modified: modified, inode: inode, sha256: String(f[4])))
        }
        self.entries = entries
    }

    static func load(_ path: String) -> LogFingerprint? {
        guard let file = try? PosixFile(path: path, flags: O_RDONLY), let size = try? file.size(), size < 1 << 24,
              let bytes = try? file.read(at: 0, count: size) else { return nil }
        return LogFingerprint(text: String(decoding: bytes, as: UTF8.self))
    }

    func save(_ path: String) throws(StoreError) {
        try OutputPath.writeAtomically(Array(text.utf8), to: path)
    }

    // MARK: Files

    private static func stat(_ path: String) throws(StoreError) -> (size: Int, modified: Int64, inode: UInt64) {
        var st = Glibc.stat()
        guard lstat(path, &st) == 0 else { throw .io(path: path, operation: "read", errno: errno) }
        let modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        return (Int(st.st_size), modified, UInt64(st.st_ino))
    }

    /// SHA-256 of the first `count` bytes of the file.
    private static func hash(_ path: String, count: Int) throws(StoreError) -> String {
        let file = try PosixFile(path: path, flags: O_RDONLY)
        var digest = StreamingDigest()
        var offset = 0
        while offset < count {
            let chunk = try file.read(at: offset, count: min(1 << 22, count - offset))
            if chunk.isEmpty { break }
            digest.update(chunk)
            offset += chunk.count
        }
        return digest.finalizeHex()
    }
}
