import AnnalsCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One segment file of the log, `Events/NNNNNNNN.jsonl`, named by the seq of its first record.
public struct Segment: Sendable, Equatable {
    public let firstSeq: Int64
    public let path: String
    public var name: String { Segment.name(firstSeq) }

    public static func name(_ firstSeq: Int64) -> String {
        let digits = String(firstSeq)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".jsonl"
    }

    /// Whether `name` is how a segment is named (by its first seq, at least 8 digits).
    public static func isName(_ name: String) -> Bool {
        guard name.hasSuffix(".jsonl") else { return false }
        let stem = name.dropLast(6)
        guard stem.count >= 8, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let first = Int64(stem), first >= 1
        else { return false }
        return Segment.name(first) == name
    }

    /// Lists the segments of `dir` in seq order. Files that are not named like segments are
    /// ignored; a segment that is a symlink or not a regular file is refused.
    static func list(in dir: String) throws(StoreError) -> [Segment] {
        guard let d = opendir(dir) else { throw .io(path: dir, operation: "list", errno: errno) }
        defer { closedir(d) }
        var found: [Segment] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name.hasSuffix(".jsonl") else { continue }
            guard isName(name), let first = Int64(name.dropLast(6)) else {
                throw .unsafePath(
                    path: dir + "/" + name,
                    problem: "a .jsonl file in Events/ that is not named by its first seq (8 digits)")
            }
            let path = dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { throw .io(path: path, operation: "read", errno: errno) }
            guard (st.st_mode & S_IFMT) == S_IFREG else {
                throw .unsafePath(
                    path: path,
                    problem: (st.st_mode & S_IFMT) == S_IFLNK ? "it is a symbolic link" : "it is not a regular file")
            }
            found.append(Segment(firstSeq: first, path: path))
        }
        return found.sorted { $0.firstSeq < $1.firstSeq }
    }
}

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

/// Where a record stands in `Events/`: its segment (by first seq), byte offset and line there,
/// and its seq. Lets a reader resume right at a record without reading what comes before.
public struct LogPosition: Sendable, Equatable, Codable {
    public var segment: Int64
    public var offset: Int
    public var line: Int
    public var seq: Int64

    public init(segment: Int64, offset: Int, line: Int, seq: Int64) {
        self.segment = segment
        self.offset = offset
        self.line = line
        self.seq = seq
    }
}
