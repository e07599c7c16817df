/// Reads a gzip file as lines, inflating as it goes, a block at a time; zlib checks the CRC and
/// length at the end.
public final class GzipLineReader {
    private let blocks: GzipBlockReader
    private var lines = BlockLines()
    /// The size of the current block: a line ending before it was followed by a newline.
    private var blockEnd = 0
    public var path: String { blocks.path }
    /// Uncompressed bytes returned so far (lines plus their newlines).
    public private(set) var bytesOut = 0
    /// File offsets where the gzip members read so far start.
    public var memberStarts: [Int] { blocks.memberStarts }

    public init(path: String) throws {
        blocks = try GzipBlockReader(path: path)
    }

    /// The next line without its newline, or nil at the end of the stream.
    public func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let line = lines.next() {
                // A line without its newline can only be the last one.
                bytesOut += line.count + (line.endIndex < blockEnd ? 1 : 0)
                return line
            }
            guard let block = try blocks.next() else { return nil }
            blockEnd = block.count
            lines.load(block)
        }
    }
}
