#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A thin owner of a POSIX file descriptor whose failures are ``StoreError/io(path:operation:errno:)``.
final class PosixFile {
    let fd: Int32
    let path: String

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws(StoreError) {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw .io(
                path: path, operation: (flags & (O_WRONLY | O_RDWR)) != 0 ? "open for writing" : "open", errno: errno)
        }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    func size() throws(StoreError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, operation: "read the size of", errno: errno) }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset`.
    func read(at offset: Int, count: Int) throws(StoreError) -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        if done < count { buf.removeLast(count - done) }
        return buf
    }

    /// Writes all of `bytes` (looping over short writes).
    func writeAll(_ bytes: [UInt8]) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            done += n
        }
    }

    /// Writes all of `bytes` at `offset` (looping over short writes).
    func write(_ bytes: [UInt8], at offset: Int) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes {
                pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            done += n
        }
    }

    func sync() throws(StoreError) {
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    func truncate(to size: Int) throws(StoreError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw .io(path: path, operation: "truncate", errno: errno) }
    }

    /// fsyncs a directory so a created or renamed entry in it is durable.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let dir = try PosixFile(path: path, flags: O_RDONLY | O_DIRECTORY)
        try dir.sync()
    }
}

/// Whether `path` exists as a directory (following symlinks).
func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
}

func makeDirectory(_ path: String) throws(StoreError) {
    if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .io(path: path, operation: "create directory", errno: errno) }
}
