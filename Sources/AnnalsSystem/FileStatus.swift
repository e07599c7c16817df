import Glibc

/// What `stat` says of a file: enough to tell whether it changed.
public struct FileStatus: Sendable, Equatable {
    public var kind: FileKind
    public var size: Int
    /// Last modification, in nanoseconds since the epoch.
    public var modified: Int64
    /// Last status change, in nanoseconds since the epoch.
    public var changed: Int64
    public var inode: UInt64
}

extension FileSystem {
    /// The status of the file at `path` (of the link itself unless `followingLinks`).
    public static func status(of path: String, followingLinks: Bool = true) throws(StoreError) -> FileStatus {
        var st = stat()
        let found = followingLinks ? stat(path, &st) : lstat(path, &st)
        guard found == 0 else { throw .io(path: path, operation: "read", errno: errno) }
        return FileStatus(
            kind: FileKind(mode: st.st_mode), size: Int(st.st_size),
            modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
            changed: Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec), inode: UInt64(st.st_ino))
    }

    /// The processors this process may run on (at least 1).
    public static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
