import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Failures of gzip streams, with the file they concern.
public enum GzipError: Error, Sendable, CustomStringConvertible {
    case zlib(path: String, code: Int32, message: String)
    case truncated(path: String)

    public var description: String {
        switch self {
        case .zlib(let path, _, let message): "\(path) is not a valid gzip file (\(message))"
        case .truncated(let path): "\(path) ends before its gzip stream does (truncated)"
        }
    }
}

/// Streams bytes into a gzip file with the system zlib: fixed header (no name, mtime 0), fixed
/// level, so the same bytes always give the same file.
public final class GzipWriter {
    // zlib keeps a pointer to its stream between calls: it lives at one address for the writer's life.
    private let stream = GzipStream.make()
    private let file: PosixFile
    private var out = [UInt8](repeating: 0, count: 1 << 18)
    public private(set) var bytesIn = 0
    public private(set) var bytesOut = 0

    public init(path: String, level: Int32 = 6) throws {
        file = try PosixFile(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        let rc = annals_deflate_init_gzip(stream, level)
        guard rc == Z_OK else { throw GzipError.zlib(path: path, code: rc, message: "deflateInit2 failed") }
    }

    deinit {
        deflateEnd(stream)
        GzipStream.free(stream)
    }

    public func write(_ bytes: [UInt8]) throws {
        bytesIn += bytes.count
        try bytes.withUnsafeBufferPointer { try run($0, flush: Z_NO_FLUSH) }
    }

    /// Finishes the stream and makes the file durable (fsync).
    public func finish() throws {
        try run(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        try file.sync()
    }

    private func run(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) throws {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = UInt32(input.count)
        repeat {
            let produced: Int = try out.withUnsafeMutableBufferPointer { buf in
                stream.pointee.next_out = buf.baseAddress
                stream.pointee.avail_out = UInt32(buf.count)
                let rc = deflate(stream, flush)
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw GzipError.zlib(path: file.path, code: rc, message: "deflate failed")
                }
                return buf.count - Int(stream.pointee.avail_out)
            }
            if produced > 0 {
                try file.writeAll(Array(out[0..<produced]))
                bytesOut += produced
            }
        } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && stream.pointee.avail_in > 0)
    }
}

/// Reads a gzip file as lines, inflating as it goes; zlib checks the CRC and length at the end.
public final class GzipLineReader {
    // zlib keeps a pointer to its stream between calls: it lives at one address for the reader's life.
    private let stream = GzipStream.make()
    private let file: PosixFile
    private static let chunk = 1 << 18
    // zlib keeps pointers into these between calls: they must not move.
    private let inBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipLineReader.chunk)
    private let outBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: GzipLineReader.chunk)
    private var fileOffset = 0
    private var pending: [UInt8] = []
    private var start = 0
    private var ended = false
    public let path: String
    /// Uncompressed bytes returned so far (lines plus their newlines).
    public private(set) var bytesOut = 0
    /// File offsets where the gzip members read so far start.
    public private(set) var memberStarts = [0]

    public init(path: String) throws {
        self.path = path
        file = try PosixFile(path: path, flags: O_RDONLY)
        let rc = annals_inflate_init_gzip(stream)
        guard rc == Z_OK else { throw GzipError.zlib(path: path, code: rc, message: "inflateInit2 failed") }
    }

    deinit {
        inflateEnd(stream)
        GzipStream.free(stream)
        inBuffer.deallocate()
        outBuffer.deallocate()
    }

    /// The next line without its newline, or nil at the end of the stream.
    public func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let nl = pending[start...].firstIndex(of: 0x0A) {
                let line = pending[start..<nl]
                start = nl + 1
                bytesOut += line.count + 1
                return line
            }
            if ended {
                guard start < pending.count else { return nil }
                let line = pending[start...]
                start = pending.count
                bytesOut += line.count
                return line
            }
            if start > 0 {
                pending.removeSubrange(0..<start)
                start = 0
            }
            try inflateMore()
        }
    }

    private func inflateMore() throws {
        if stream.pointee.avail_in == 0 {
            let chunk = try file.read(at: fileOffset, count: Self.chunk)
            guard !chunk.isEmpty else { throw GzipError.truncated(path: path) }
            fileOffset += chunk.count
            chunk.withUnsafeBufferPointer { inBuffer.update(from: $0.baseAddress!, count: $0.count) }
            stream.pointee.next_in = inBuffer
            stream.pointee.avail_in = UInt32(chunk.count)
        }
        stream.pointee.next_out = outBuffer
        stream.pointee.avail_out = UInt32(Self.chunk)
        let rc = inflate(stream, Z_NO_FLUSH)
        let produced = Self.chunk - Int(stream.pointee.avail_out)
        pending.append(contentsOf: UnsafeBufferPointer(start: outBuffer, count: produced))
        switch rc {
        case Z_OK, Z_BUF_ERROR: break
        case Z_STREAM_END:
            // A file may hold several gzip members one after the other (as `gzip -c a b` makes);
            // their contents follow each other.
            let more = try file.size() > fileOffset
            if stream.pointee.avail_in > 0 || more {
                memberStarts.append(memberStarts.last! + Int(stream.pointee.total_in))
                inflateReset(stream)
            } else {
                ended = true
            }
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(rc)"
            throw GzipError.zlib(path: path, code: rc, message: message)
        }
    }
}

/// A `z_stream` at a stable address: zlib's internal state points back to it, so it must never
/// move (a stored property passed with `&` is not guaranteed that).
enum GzipStream {
    static func make() -> UnsafeMutablePointer<z_stream> {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        return stream
    }

    static func free(_ stream: UnsafeMutablePointer<z_stream>) {
        stream.deinitialize(count: 1)
        stream.deallocate()
    }
}
