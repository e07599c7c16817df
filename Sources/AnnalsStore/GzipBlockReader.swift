import AnnalsSystem
import CZlib

/// Inflates a gzip file (all its members, one after the other) into blocks of whole lines: each
/// block ends with a newline, except the file's last block when the file does not. zlib checks
/// each member's CRC and length at its end.
final class GzipBlockReader {
    // zlib keeps pointers to its stream and input between calls: they must not move.
    private let stream = GzipStream.make()
    private let inBuffer: UnsafeMutablePointer<UInt8>
    private let file: PosixFile
    private var fileOffset = 0
    /// Bytes after the last newline of the previous block: the start of the next one.
    private var carry: [UInt8] = []
    private var ended = false
    let path: String
    /// Uncompressed bytes per block (a block grows for a longer line).
    let blockSize: Int
    static let inputSize = 1 << 20
    /// File offsets where the gzip members read so far start.
    private(set) var memberStarts = [0]

    init(path: String, blockSize: Int = 1 << 20) throws {
        self.path = path
        self.blockSize = blockSize
        file = try PosixFile(path: path, flags: .readOnly)
        inBuffer = .allocate(capacity: Self.inputSize)
        let rc = annals_inflate_init_gzip(stream)
        guard rc == Z_OK else {
            inBuffer.deallocate()
            GzipStream.free(stream)
            throw GzipError.zlib(path: path, code: rc, message: "inflateInit2 failed")
        }
    }

    deinit {
        inflateEnd(stream)
        GzipStream.free(stream)
        inBuffer.deallocate()
    }

    /// The next block, or nil at the end of the file.
    func next() throws -> [UInt8]? {
        var capacity = blockSize
        while true {
            if ended {
                guard !carry.isEmpty else { return nil }
                defer { carry = [] }
                return carry
            }
            var block = try [UInt8](unsafeUninitializedCapacity: max(capacity, carry.count + 1)) { buffer, count in
                count = carry.count
                if count > 0 {
                    carry.withUnsafeBufferPointer { _ = buffer.initialize(fromContentsOf: $0) }
                }
                try fill(buffer, count: &count)
            }
            if ended {
                carry = []
                if block.isEmpty { return nil }
                return block
            }
            // The last newline is near the end: the block is cut after it.
            let end = block.lastIndex(of: 0x0A).map { $0 + 1 }
            guard let end else {
                // One line longer than the block: keep it all and read into a larger block.
                carry = block
                capacity = block.count * 2
                continue
            }
            carry = Array(block[end...])
            block.removeSubrange(end...)
            return block
        }
    }

    /// Inflates into `buffer` after its first `count` bytes until it is full or the file ends.
    private func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, count: inout Int) throws {
        while count < buffer.count && !ended {
            if stream.pointee.avail_in == 0 {
                let n = try readInput()
                guard n > 0 else { throw GzipError.truncated(path: path) }
                stream.pointee.next_in = inBuffer
                stream.pointee.avail_in = UInt32(n)
            }
            stream.pointee.next_out = buffer.baseAddress! + count
            stream.pointee.avail_out = UInt32(buffer.count - count)
            let rc = inflate(stream, Z_NO_FLUSH)
            count = buffer.count - Int(stream.pointee.avail_out)
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

    /// Reads the next piece of the file into the input buffer; 0 at its end.
    private func readInput() throws -> Int {
        let n = try file.read(into: inBuffer, count: Self.inputSize, at: fileOffset)
        fileOffset += n
        return n
    }
}
