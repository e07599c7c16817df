import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
