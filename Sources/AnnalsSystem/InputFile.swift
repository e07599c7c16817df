import AnnalsCore
import Glibc

/// An input to read in chunks: a file, or standard input for `-`. It is never read whole, so
/// `/dev/zero`, a FIFO or a huge file costs only what the reader asks for.
public final class InputFile {
    public let path: String
    private let fd: Int32
    /// The file's size when it is a regular file (to size buffers once), else 0.
    public private(set) var sizeHint = 0
    /// The kind of file (`S_IFREG`, `S_IFIFO`, …) from `fstat`; a pipe for standard input.
    let fileType: mode_t
    /// The size `fstat` gave (meaningful for a regular file only).
    let regularSize: Int
    public var isRegular: Bool { fileType == S_IFREG }
    public static let chunkSize = 1 << 20

    public init(path: String) throws(InputFileError) {
        self.path = path
        let opened = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw InputFileError(path: path, errno: errno) }
        var st = stat()
        guard fstat(opened, &st) == 0 else {
            let failure = errno
            if opened != 0 { close(opened) }
            throw InputFileError(path: path, errno: failure)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw InputFileError(path: path, errno: EISDIR)
        }
        fd = opened
        fileType = st.st_mode & S_IFMT
        regularSize = Int(st.st_size)
        if fileType == S_IFREG { sizeHint = min(regularSize, Limits.batchBytes) }
    }

    deinit { if fd != 0 { close(fd) } }

    /// The next chunk (at most ``chunkSize`` bytes), or nil at the end.
    public func next() throws(InputFileError) -> [UInt8]? {
        try next(count: Self.chunkSize)
    }

    /// The next chunk of at most `count` bytes, or nil at the end.
    func next(count: Int) throws(InputFileError) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: max(1, count))
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
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
/// Missing (or not a file: a folder, a device): 66; unreadable: 74; refused for its size: 65.
public struct InputFileError: AnnalsFailure {
    public var path: String
    public var errno: Int32
    /// What is wrong with it, when more than the system's reason.
    public var problem: String?
    public var fix = "check the path"
    /// Whether the file was refused for what it holds (its size), not for how it opens.
    public var refused = false

    public init(path: String, errno: Int32, problem: String? = nil) {
        self.path = path
        self.errno = errno
        self.problem = problem
    }

    public var description: String {
        let name = path == "-" ? "standard input" : UserText.escaped(path, limit: 200)
        let reason = problem ?? String(cString: strerror(errno))
        return "\(refused ? "refusing" : "cannot read") \(name): \(reason). Fix: \(fix)"
    }
    public var status: ExitStatus {
        if refused { return .badInput }
        return [ENOENT, ENOTDIR, EISDIR, ENODEV, ENXIO].contains(errno) ? .noInput : .ioError
    }
}
