import CZlib

/// One complete gzip member made in memory, so files of concatenated members (WARC's
/// "record-at-a-time" compression) can be written a member at a time.
public enum GzipMember {
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let stream = GzipStream.make()
        defer {
            deflateEnd(stream)
            GzipStream.free(stream)
        }
        let rc = annals_deflate_init_gzip(stream, level)
        guard rc == Z_OK else { throw GzipError.zlib(path: "(memory)", code: rc, message: "deflateInit2 failed") }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(bytes.count))) + 64)
        let produced: Int = try bytes.withUnsafeBufferPointer { input in
            try out.withUnsafeMutableBufferPointer { buf in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.pointee.avail_in = UInt32(input.count)
                stream.pointee.next_out = buf.baseAddress
                stream.pointee.avail_out = UInt32(buf.count)
                let rc = deflate(stream, Z_FINISH)
                guard rc == Z_STREAM_END else {
                    throw GzipError.zlib(path: "(memory)", code: rc, message: "deflate did not finish")
                }
                return buf.count - Int(stream.pointee.avail_out)
            }
        }
        return Array(out[0..<produced])
    }
}
