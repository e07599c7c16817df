import AnnalsSystem
import CZlib

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
        file = try PosixFile(path: path, flags: [.writeOnly, .create, .truncate])
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
