import AnnalsCore
import AnnalsSystem

extension EventLog {
    /// The names of the segment files, in seq order.
    public func segmentNames() throws -> [String] {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try Segment.list(in: layout.events).map(\.name)
    }

    /// Makes this log's `Events/` hold exactly the segments of `source` (a merge or rebase
    /// computed in a scratch ledger), under the exclusive lock. Each changed segment is copied
    /// to a temporary file in `Events/`, synced and renamed into place; segments `source` does
    /// not have are removed last. Returns the names of the segments written or removed.
    /// `check` runs first, under the lock: it may refuse by throwing.
    @discardableResult
    public func replaceSegments(with source: EventLog, check: () throws -> Void = {}) throws -> [String] {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        try check()
        let wanted = try Segment.list(in: source.layout.events)
        let current = try Segment.list(in: layout.events)
        if wanted.isEmpty && !current.isEmpty {
            throw StoreError.corrupt(
                segment: "Events/", line: 0, seq: 0, problem: "refusing to replace the log with an empty one")
        }
        var changed: [String] = []
        for segment in wanted {
            let path = layout.events + "/" + segment.name
            let from = try PosixFile(path: segment.path, flags: .readOnly)
            if let existing = current.first(where: { $0.name == segment.name }),
                try Self.sameBytes(from, try PosixFile(path: existing.path, flags: .readOnly))
            {
                continue
            }
            // Next to its target (same file system, so the rename is atomic); not named .jsonl.
            let scratch = layout.events + "/.replace-" + segment.name + ".tmp"
            try? FileSystem.remove(scratch)
            try Self.copy(from, try PosixFile(path: scratch, flags: [.writeOnly, .create, .exclusive]))
            try FileSystem.replace(path, withTemporary: scratch, operation: "replace")
            changed.append(segment.name)
        }
        for segment in current where !wanted.contains(where: { $0.name == segment.name }) {
            try FileSystem.remove(segment.path)
            changed.append(segment.name)
        }
        try PosixFile.syncDirectory(layout.events)
        return changed
    }

    /// Whether this log's segments are, byte for byte, the start of `other`'s: every segment but
    /// the last identical, the last one a prefix of the same-named segment. O(bytes), no decoding.
    public func isBytePrefix(of other: EventLog) throws -> Bool {
        let mine = try Segment.list(in: layout.events)
        let theirs = try Segment.list(in: other.layout.events)
        for (i, segment) in mine.enumerated() {
            guard i < theirs.count, theirs[i].name == segment.name else { return false }
            let a = try PosixFile(path: segment.path, flags: .readOnly)
            let b = try PosixFile(path: theirs[i].path, flags: .readOnly)
            let size = try a.size()
            if i < mine.count - 1 {
                guard try Self.sameBytes(a, b) else { return false }
            } else {
                guard try b.size() >= size, try Self.sameBytes(a, b, count: size) else { return false }
            }
        }
        return true
    }

    /// The seq of the first record whose line differs between this log and `other` (a missing
    /// record counts as different), or nil when both hold the same lines in the same order,
    /// however they are split into segments, and each of this log's segments is named for the
    /// seq of its first record. No decoding: when `other` verifies, nil means this log does too.
    public func firstDifferentRecord(comparedWith other: EventLog) throws -> Int64? {
        let segments = try Segment.list(in: layout.events)
        for (i, segment) in segments.enumerated().dropLast()
        where try PosixFile(path: segment.path, flags: .readOnly).size() == 0 {
            return segments[i + 1].firstSeq  // an empty segment in the middle: verify refuses it
        }
        var mine = LogLines(segments)
        var theirs = LogLines(try Segment.list(in: other.layout.events))
        var seq: Int64 = 0
        while true {
            seq += 1
            let a = try mine.next()
            let b = try theirs.next()
            if a == nil && b == nil {
                // An empty last segment must still be named for the next seq.
                if let last = segments.last, try PosixFile(path: last.path, flags: .readOnly).size() == 0,
                    last.firstSeq != seq
                {
                    return seq
                }
                return nil
            }
            if a != b { return seq }
            if let first = mine.segmentStart, first != seq { return seq }
        }
    }

    /// The event ids of every line that looks like a record, without decoding: the id follows
    /// the hash in canonical order. Lines that are not records (git's conflict markers) are
    /// skipped, so this reads a log git left mid-merge too. Used to make sure a rewrite of
    /// `Events/` loses no event.
    public func eventIDsOfLines() throws -> Set<String> {
        var lines = LogLines(try Segment.list(in: layout.events))
        var ids = Set<String>()
        let marker = Array(#""hash":""#.utf8)
        let idKey = Array(#"","id":""#.utf8)
        while let line = try lines.next() {
            guard let h = line.firstRange(of: marker) else { continue }
            let afterHash = h.upperBound + 64
            guard afterHash + idKey.count + 35 <= line.count,
                Array(line[afterHash..<(afterHash + idKey.count)]) == idKey
            else { continue }
            let start = afterHash + idKey.count
            ids.insert(String(decoding: line[start..<(start + 35)], as: UTF8.self))  // "ev_" + 32 hex
        }
        return ids
    }

    /// Copies this log's name index to `other` (under this log's shared lock), so that a scratch
    /// copy of this log need not rebuild it. `other` checks it covers its own chain before use.
    public func copyNameIndex(to other: EventLog) throws {
        guard FileSystem.isReadable(layout.nameIndex) else { return }
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        guard let from = try? PosixFile(path: layout.nameIndex, flags: .readOnly) else { return }
        let to = try PosixFile(path: other.layout.nameIndex, flags: [.writeOnly, .create, .truncate])
        try Self.copy(from, to)
        try LogFingerprint.load(layout.nameIndexFingerprint)?.save(other.layout.nameIndexFingerprint)
    }

    private static func copy(_ from: PosixFile, _ to: PosixFile) throws {
        let size = try from.size()
        var offset = 0
        while offset < size {
            let chunk = try from.read(at: offset, count: min(1 << 22, size - offset))
            try to.writeAll(chunk)
            offset += chunk.count
        }
        try to.sync()
    }

    private static func sameBytes(_ a: PosixFile, _ b: PosixFile, count: Int) throws -> Bool {
        var offset = 0
        while offset < count {
            let n = min(1 << 22, count - offset)
            guard try a.read(at: offset, count: n) == b.read(at: offset, count: n) else { return false }
            offset += n
        }
        return true
    }

    private static func sameBytes(_ a: PosixFile, _ b: PosixFile) throws -> Bool {
        let size = try a.size()
        guard try b.size() == size else { return false }
        return try sameBytes(a, b, count: size)
    }
}

/// The lines of a log's segments, one after the other (a torn last line counts as a line).
private struct LogLines {
    var segments: ArraySlice<Segment>
    var reader: LineReader?
    var current: Segment?
    /// The first seq the segment of the line just returned is named for, when that line is its first.
    private(set) var segmentStart: Int64?

    init(_ segments: [Segment]) { self.segments = segments[...] }

    mutating func next() throws -> [UInt8]? {
        while true {
            if reader != nil, let line = try reader!.next() {
                segmentStart = reader!.lineNumber == 1 ? current?.firstSeq : nil
                if case .complete(let bytes) = line { return Array(bytes) }
                return [0xFF]  // a torn line never equals a record
            }
            guard let segment = segments.popFirst() else { return nil }
            current = segment
            reader = LineReader(file: try PosixFile(path: segment.path, flags: .readOnly))
        }
    }
}
