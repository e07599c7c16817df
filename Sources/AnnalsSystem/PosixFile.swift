import Glibc

/// A thin owner of a POSIX file descriptor whose failures are ``StoreError/io(path:operation:errno:)``.
/// Its descriptor never leaves this module: every read, write and sync goes through its methods.
public final class PosixFile {
    let fd: Int32
    public let path: String

    public init(path: String, flags: OpenFlags, mode: UInt32 = 0o644) throws(StoreError) {
        let fd = open(path, flags.rawValue | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw .io(path: path, operation: flags.writes ? "open for writing" : "open", errno: errno)
        }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The file's size in bytes (`fstat`).
    public func size() throws(StoreError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, operation: "read the size of", errno: errno) }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset`.
    public func read(at offset: Int, count: Int) throws(StoreError) -> [UInt8] {
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
    public func writeAll(_ bytes: [UInt8]) throws(StoreError) {
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
    public func write(_ bytes: [UInt8], at offset: Int) throws(StoreError) {
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

    /// fsync: the file's bytes and metadata reach the disk.
    public func sync() throws(StoreError) {
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// fdatasync: the file's bytes (not all of its metadata) reach the disk.
    public func dataSync() throws(StoreError) {
        guard fdatasync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// Cuts (or extends with zeros) the file to `size` bytes.
    public func truncate(to size: Int) throws(StoreError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw .io(path: path, operation: "truncate", errno: errno) }
    }

    /// fsyncs a directory so a created or renamed entry in it is durable.
    public static func syncDirectory(_ path: String) throws(StoreError) {
        let dir = try PosixFile(path: path, flags: [.readOnly, .directory])
        try dir.sync()
    }
}

extension PosixFile {
    /// `prefix` followed by up to `count` bytes read at `offset` (fewer only at the end of the
    /// file), in one new array.
    public func read(at offset: Int, count: Int, after prefix: [UInt8]) throws(StoreError) -> [UInt8] {
        var failed: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: prefix.count + count) { buffer, initialized in
            prefix.withUnsafeBytes { raw in
                guard let from = raw.baseAddress else { return }
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: from, byteCount: raw.count)
            }
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + prefix.count + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            initialized = prefix.count + done
        }
        if failed != 0 { throw .io(path: path, operation: "read", errno: failed) }
        return bytes
    }

    /// One read of up to `count` bytes at `offset` into `buffer` (retried when interrupted); the
    /// bytes read, 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(StoreError) -> Int {
        while true {
            let n = pread(fd, buffer, count, off_t(offset))
            if n >= 0 { return n }
            if errno != EINTR { throw .io(path: path, operation: "read", errno: errno) }
        }
    }
}
