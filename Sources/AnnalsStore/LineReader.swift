import AnnalsCore
import AnnalsSystem

/// Reads a file as newline-terminated lines in large chunks, without loading it whole.
struct LineReader {
    let file: PosixFile
    private var buffer: [UInt8] = []
    private var start = 0
    private var offset = 0
    private var eof = false
    /// 1-based number of the last line returned.
    private(set) var lineNumber = 0
    /// Byte offset in the file where the last returned line starts.
    private(set) var lineOffset = 0
    static let chunk = 1 << 20
    static let maxLine = 4 * Limits.recordBytes

    /// Reads from byte `offset`, numbering the first line read `firstLine`.
    init(file: PosixFile, startingAt offset: Int = 0, firstLine: Int = 1) {
        self.file = file
        self.offset = offset
        self.lineNumber = firstLine - 1
    }

    enum Line {
        case complete(ArraySlice<UInt8>)
        /// Bytes at the end of the file with no final newline.
        case torn(Int)
    }

    /// The next line without its newline, `.torn` for a final unterminated fragment, or nil at the end.
    mutating func next() throws(StoreError) -> Line? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<nl]
                lineOffset = offset - (buffer.count - start)
                start = nl + 1
                lineNumber += 1
                return .complete(line)
            }
            if eof {
                if start < buffer.count {
                    lineNumber += 1
                    lineOffset = offset - (buffer.count - start)
                    let n = buffer.count - start
                    start = buffer.count
                    return .torn(n)
                }
                return nil
            }
            if buffer.count - start > Self.maxLine {
                throw .corrupt(
                    segment: file.path, line: lineNumber + 1, seq: 0,
                    problem: "a line longer than \(Self.maxLine) bytes")
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            let more = try file.read(at: offset, count: Self.chunk)
            offset += more.count
            if more.isEmpty { eof = true } else { buffer.append(contentsOf: more) }
        }
    }
}
