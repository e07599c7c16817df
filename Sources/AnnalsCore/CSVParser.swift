/// A streaming RFC 4180 reader for CSV and TSV: fed byte chunks, it calls back with each record
/// (a spreadsheet row) and its cells, its 1-based record number and the physical line it starts
/// on. Pure and bounded: it holds one row at a time, refuses a cell or a row past its cap (so a
/// 100 MB cell, or a stray quote that would swallow the rest of the file, stops with an error
/// naming the row and column instead of eating memory) and refuses cells that are not UTF-8.
///
/// What it reads: cells separated by `delimiter`; records ended by LF, CRLF or a lone CR;
/// cells in double quotes may hold the delimiter, line ends and `""` (one quote); a UTF-8 BOM at
/// the start is skipped. A blank line is a record with no cells (numbered, not passed on), so
/// record numbers are the row numbers a spreadsheet shows.
public struct CSVParser: Sendable {
    /// One record, borrowed for the callback: its cells' bytes back to back, and where each ends.
    public struct Row {
        /// The 1-based record number (the header is record 1; blank lines count).
        public let record: Int
        /// The 1-based physical line the record starts on.
        public let line: Int
        let bytes: [UInt8]
        let ends: [Int]

        /// The number of cells.
        public var count: Int { ends.count }

        /// The bytes of cell `i` (0-based); empty past the last cell.
        public subscript(i: Int) -> ArraySlice<UInt8> {
            guard i < ends.count else { return [] }
            return bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
        }

        /// Cell `i` as text (the parser has checked it is UTF-8); "" past the last cell.
        public func string(_ i: Int) -> String { String(decoding: self[i], as: UTF8.self) }

        /// Every cell as text.
        public var strings: [String] { (0..<count).map(string) }
    }

    public let delimiter: UInt8
    /// The most bytes one cell may hold.
    public let cellLimit: Int
    /// The most bytes one record may hold (its cells plus one per delimiter).
    public let rowLimit: Int

    private enum State: Sendable { case cellStart, unquoted, quoted, afterQuote }

    private var state = State.cellStart
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var cellStart = 0
    private var cellQuoted = false
    private var record = 1
    private var line = 1
    private var rowLine = 1
    private var quoteLine = 1
    private var skipLF = false
    private var started = false
    private var head: [UInt8] = []

    /// Default caps: 1 MiB a cell (an event's longest text is 20,000 characters), 4 MiB a row.
    public init(delimiter: UInt8 = UInt8(ascii: ","), cellLimit: Int = 1 << 20, rowLimit: Int = 4 << 20) {
        self.delimiter = delimiter
        self.cellLimit = cellLimit
        self.rowLimit = rowLimit
        bytes.reserveCapacity(4096)
        ends.reserveCapacity(64)
    }

    /// Reads `chunk`, calling `body` with every record it completes.
    public mutating func feed(_ chunk: [UInt8], _ body: (Row) throws -> Void) throws {
        try chunk.withUnsafeBufferPointer { try feed($0, body) }
    }

    /// Reads `chunk`, calling `body` with every record it completes.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Row) throws -> Void) throws {
        if started { return try scan(chunk, body) }
        // The first three bytes decide the encoding: a UTF-8 BOM is skipped, a UTF-16 one refused.
        var taken = 0
        while head.count < 3 && taken < chunk.count {
            head.append(chunk[taken])
            taken += 1
        }
        if head.count < 3 { return }
        try start(body)
        try scan(UnsafeBufferPointer(rebasing: chunk[taken...]), body)
    }

    /// Reads the first bytes, held back until there were three (or the input ended).
    private mutating func start(_ body: (Row) throws -> Void) throws {
        started = true
        let replay = Array(head.dropFirst(try bomLength(head)))
        head = []
        try replay.withUnsafeBufferPointer { try scan($0, body) }
    }

    /// Ends the input: the last record (if it has no line end) is passed on; an open quote is an error.
    public mutating func finish(_ body: (Row) throws -> Void) throws {
        if !started { try start(body) }
        switch state {
        case .quoted:
            throw CSVError(
                record: record, line: rowLine, column: ends.count + 1,
                problem: "the quoted cell opened on line \(quoteLine) is never closed",
                fix: "close the cell with a double quote (\"), and write a quote inside a quoted cell as two (\"\")")
        case .cellStart where ends.isEmpty: return
        default: try endRecord(body)
        }
    }

    /// 3 for a UTF-8 BOM, 0 for none; a UTF-16 or UTF-32 BOM is refused.
    private func bomLength(_ b: [UInt8]) throws -> Int {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return 3 }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
            throw CSVError(
                record: 1, line: 1, column: 1, problem: "the file is UTF-16 text, not UTF-8",
                fix: Self.resaveFix)
        }
        return 0
    }

    static let resaveFix =
        "re-save the file as UTF-8 (in a spreadsheet: CSV UTF-8; or `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`)"

    private mutating func scan(_ b: UnsafeBufferPointer<UInt8>, _ body: (Row) throws -> Void) throws {
        let delim = delimiter
        var i = 0
        while i < b.count {
            if skipLF {
                skipLF = false
                if b[i] == UInt8(ascii: "\n") {
                    i += 1
                    continue
                }
            }
            switch state {
            case .cellStart, .unquoted: i = try scanUnquoted(b, from: i, delim, body)
            case .quoted: i = try scanQuoted(b, from: i)
            case .afterQuote: i = try scanAfterQuote(b, from: i, delim, body)
            }
        }
    }

    /// Reads from `i` at the start of a cell or in an unquoted one: an opening quote, or a run of
    /// plain bytes and what ends it. Gives where to go on.
    @inline(__always)
    private mutating func scanUnquoted(
        _ b: UnsafeBufferPointer<UInt8>, from i: Int, _ delim: UInt8, _ body: (Row) throws -> Void
    ) throws -> Int {
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let n = b.count
        var i = i
        if state == .cellStart && b[i] == quote {
            state = .quoted
            cellQuoted = true
            quoteLine = line
            return i + 1
        }
        // A run of plain bytes at once.
        var j = i
        while j < n {
            let x = b[j]
            if x == delim || x == quote || x == cr || x == lf { break }
            j += 1
        }
        if j > i {
            try append(UnsafeBufferPointer(rebasing: b[i..<j]))
            state = .unquoted
            i = j
            if i == n { return i }
        }
        let x = b[i]
        if x == delim {
            try endCell()
            state = .cellStart
        } else if x == quote {
            throw CSVError(
                record: record, line: line, column: ends.count + 1,
                problem: "a double quote inside a cell that does not start with one",
                fix: Self.quoteFix)
        } else {
            line += 1
            skipLF = x == cr
            try endRecord(body)
        }
        return i + 1
    }

    /// Reads from `i` inside a quoted cell, up to the next quote. Gives where to go on.
    @inline(__always)
    private mutating func scanQuoted(_ b: UnsafeBufferPointer<UInt8>, from i: Int) throws -> Int {
        let quote = UInt8(ascii: "\"")
        let n = b.count
        var j = i
        while j < n && b[j] != quote {
            if b[j] == UInt8(ascii: "\n") { line += 1 }
            j += 1
        }
        if j > i { try append(UnsafeBufferPointer(rebasing: b[i..<j])) }
        if j < n {
            state = .afterQuote
            return j + 1
        }
        return j
    }

    /// Reads the byte at `i`, just after a quote in a quoted cell: a second quote (one quote in
    /// the cell), or the end of the cell or the record. Gives where to go on.
    @inline(__always)
    private mutating func scanAfterQuote(
        _ b: UnsafeBufferPointer<UInt8>, from i: Int, _ delim: UInt8, _ body: (Row) throws -> Void
    ) throws -> Int {
        let quote = UInt8(ascii: "\"")
        let x = b[i]
        if x == quote {
            try [quote].withUnsafeBufferPointer { try append($0) }
            state = .quoted
        } else if x == delim {
            try endCell()
            state = .cellStart
        } else if x == UInt8(ascii: "\r") || x == UInt8(ascii: "\n") {
            line += 1
            skipLF = x == UInt8(ascii: "\r")
            try endRecord(body)
        } else {
            throw CSVError(
                record: record, line: line, column: ends.count + 1,
                problem: "text after the closing quote of a quoted cell", fix: Self.quoteFix)
        }
        return i + 1
    }

    static let quoteFix =
        "put the whole cell in double quotes and write each quote inside it as two, e.g. \"say \"\"no\"\"\""

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) throws {
        if bytes.count - cellStart + run.count > cellLimit {
            let open = state == .quoted || state == .afterQuote
            throw CSVError(
                record: record, line: rowLine, column: ends.count + 1,
                problem: "the cell is larger than \(cellLimit) bytes"
                    + (open ? " (it is quoted from line \(quoteLine): is a closing quote missing?)" : ""),
                fix: open
                    ? "close the quoted cell with a double quote, and write a quote inside it as two (\"\")"
                    : "shorten the cell: no event field takes that much text")
        }
        if bytes.count + ends.count + run.count > rowLimit {
            throw CSVError(
                record: record, line: rowLine, column: ends.count + 1,
                problem: "the row is larger than \(rowLimit) bytes", fix: "split the row, or remove unused columns")
        }
        bytes.append(contentsOf: run)
    }

    private mutating func endCell() throws {
        let cell = cellStart..<bytes.count
        let valid = bytes.withUnsafeBufferPointer { b in
            let c = UnsafeBufferPointer(rebasing: b[cell])
            return ByteScan.isASCII(c) || ByteScan.isValidUTF8(c)
        }
        if !valid {
            throw CSVError(
                record: record, line: rowLine, column: ends.count + 1,
                problem: "the cell is not UTF-8 text (the file mixes encodings, or is Latin-1 / Windows-1252)",
                fix: Self.resaveFix)
        }
        if bytes.count + ends.count + 1 > rowLimit {
            throw CSVError(
                record: record, line: rowLine, column: ends.count + 1,
                problem: "the row is larger than \(rowLimit) bytes", fix: "split the row, or remove unused columns")
        }
        ends.append(bytes.count)
        cellStart = bytes.count
        cellQuoted = false
    }

    private mutating func endRecord(_ body: (Row) throws -> Void) throws {
        let blank = ends.isEmpty && bytes.isEmpty && !cellQuoted
        try endCell()
        if !blank { try body(Row(record: record, line: rowLine, bytes: bytes, ends: ends)) }
        record += 1
        rowLine = line
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        cellStart = 0
        state = .cellStart
    }
}

/// A CSV file that cannot be read: where (record, line, 1-based column), what, and the fix.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    public var record: Int
    public var line: Int
    public var column: Int
    public var problem: String
    public var fix: String

    public var description: String {
        "row \(record) (line \(line)), column \(column): \(problem). Fix: \(fix)"
    }
}
