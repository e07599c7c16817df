import AnnalsCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An input to read in chunks: a file, or standard input for `-`. It is never read whole, so
/// `/dev/zero`, a FIFO or a huge file costs only what the reader asks for.
public final class InputFile {
    public let path: String
    private let fd: Int32
    /// The file's size when it is a regular file (to size buffers once), else 0.
    public private(set) var sizeHint = 0
    public static let chunkSize = 1 << 20

    public init(path: String) throws(InputFileError) {
        self.path = path
        if path == "-" {
            fd = 0
            return
        }
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw InputFileError(path: path, errno: errno) }
        var st = stat()
        if fstat(opened, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw InputFileError(path: path, errno: EISDIR)
        }
        fd = opened
        if (st.st_mode & S_IFMT) == S_IFREG { sizeHint = min(Int(st.st_size), Limits.batchBytes) }
    }

    deinit { if fd != 0 { close(fd) } }

    /// The next chunk (at most ``chunkSize`` bytes), or nil at the end.
    public func next() throws(InputFileError) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputFileError(path: path, errno: errno)
            }
            if n == 0 { return nil }
            chunk.removeLast(chunk.count - n)
            return chunk
        }
    }
}

/// An input file that could not be opened or read.
public struct InputFileError: AnnalsFailure {
    public var path: String
    public var errno: Int32

    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }

    public var description: String {
        "cannot read \(path == "-" ? "standard input" : path): \(String(cString: strerror(errno))). Fix: check the path"
    }
    public var status: ExitStatus { errno == ENOENT || errno == EACCES || errno == EISDIR ? .noInput : .ioError }
}
