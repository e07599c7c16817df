import AnnalsCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EventLog {
    /// The segment files of the log, in seq order, with their bytes: what a merge compares
    /// against the versions git holds.
    public func segmentContents() throws -> [(name: String, bytes: [UInt8])] {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try Segment.list(in: layout.events).map { segment in
            let file = try PosixFile(path: segment.path, flags: O_RDONLY)
            return (segment.name, try file.read(at: 0, count: try file.size()))
        }
    }

    /// Makes this log's `Events/` hold exactly the segments of `source` (a merge or rebase
    /// computed in a scratch ledger), under the exclusive lock. Each changed segment is written
    /// to a temporary file in `.annals/`, synced and renamed into place; segments `source` does
    /// not have are removed last. Returns the names of the segments written or removed.
    @discardableResult
    public func replaceSegments(with source: EventLog) throws -> [String] {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        let wanted = try source.segmentContents()
        let current = try Segment.list(in: layout.events)
        var changed: [String] = []
        for (name, bytes) in wanted {
            let path = layout.events + "/" + name
            if let existing = current.first(where: { $0.name == name }) {
                let file = try PosixFile(path: existing.path, flags: O_RDONLY)
                if try file.size() == bytes.count, try file.read(at: 0, count: bytes.count) == bytes { continue }
            }
            let scratch = layout.state + "/merge-" + name + ".tmp"
            unlink(scratch)
            let file = try PosixFile(path: scratch, flags: O_WRONLY | O_CREAT | O_EXCL)
            try file.writeAll(bytes)
            try file.sync()
            guard rename(scratch, path) == 0 else { throw StoreError.io(path: path, operation: "replace", errno: errno) }
            changed.append(name)
        }
        for segment in current where !wanted.contains(where: { $0.name == segment.name }) {
            guard unlink(segment.path) == 0 else { throw StoreError.io(path: segment.path, operation: "remove", errno: errno) }
            changed.append(segment.name)
        }
        try PosixFile.syncDirectory(layout.events)
        return changed
    }
}
