/// Splits an `append --file` input into events: one JSON object, a JSON array of objects, or
/// JSON Lines (one object per line; blank lines are skipped).
///
/// Input is read in chunks and never past the limits: a JSON Lines line stops being read once it
/// is longer than an event may be, a JSON array or a pretty-printed object once it passes its
/// limit, the whole input at ``Limits/batchBytes``; a NUL byte (never part of JSON text: a binary
/// file, `/dev/zero`) is refused in the chunk it arrives in.
public enum InputParser {
    /// Largest JSON Lines line or single-object input accepted before parsing.
    public static let maxItemBytes = Limits.recordBytes

    /// Gives the next chunk of input, or nil at its end.
    public typealias ChunkSource = () throws -> [UInt8]?

    /// All items at once (small inputs, tests).
    public static func items(_ bytes: [UInt8]) throws -> [BatchValidator.Item] {
        var all: [BatchValidator.Item] = []
        try forEachItem(bytes) { all.append($0) }
        return all
    }

    /// Calls `body` with each item of an input held in memory.
    public static func forEachItem(_ bytes: [UInt8], _ body: (BatchValidator.Item) throws -> Void) throws {
        var given = false
        try forEachItem(
            reading: {
                defer { given = true }
                return given ? nil : bytes
            }, body)
    }

    /// Calls `body` with each item in order, reading `next` only as far as it needs: JSON Lines
    /// are parsed one line at a time as they arrive.
    public static func forEachItem(reading next: @escaping ChunkSource, _ body: (BatchValidator.Item) throws -> Void)
        throws
    {
        var input = ChunkedInput(next: next)
        guard let first = try input.firstNonSpace() else {
            throw ValidationError(
                field: "", problem: "the input is empty",
                fix: "give one JSON object, a JSON array of objects, or JSON Lines")
        }
        if first == UInt8(ascii: "[") {
            let whole = try input.readAll(
                limit: Limits.arrayInputBytes, what: "a JSON array input",
                fix: "write JSON Lines (one event per line) for larger batches")
            let value = try parse(whole[...], location: "input", whole: whole)
            guard case .array(let elements) = value else { fatalError("an input starting with [ parses as an array") }
            for (i, element) in elements.enumerated() {
                try body(BatchValidator.Item(location: "item \(i + 1)", value: element))
            }
            return
        }
        var sawItem = false
        while let line = try input.nextLine(limit: maxItemBytes) {
            if isBlank(line) { continue }
            let location = "line \(input.lineNumber)"
            let parsed = Result { () throws(ValidationError) -> JSONValue in
                try parse(line, location: location, whole: nil)
            }
            if !sawItem, case .failure(let lineError) = parsed {
                // One pretty-printed object over several lines parses only as a whole.
                guard let object = try input.wholeObject(limit: maxItemBytes) else { throw lineError }
                try body(BatchValidator.Item(location: "input", value: object))
                return
            }
            sawItem = true
            try body(BatchValidator.Item(location: location, value: try parsed.get()))
        }
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }
    }

    static func parse(_ bytes: ArraySlice<UInt8>, location: String, whole: [UInt8]?) throws(ValidationError)
        -> JSONValue
    {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            var place = "column \(error.offset + 1)"
            if let whole {
                let upTo = whole[..<min(error.offset, whole.count)]
                let line = upTo.count(where: { $0 == 0x0A }) + 1
                let column = upTo.count - (upTo.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                place = "line \(line), column \(column)"
            }
            throw ValidationError(
                location: location, field: "", problem: "invalid JSON: \(error.message) (\(place))",
                fix: "correct the JSON; each line of JSON Lines must be one complete object")
        }
    }
}

/// The input as it arrives, chunk by chunk, with the limits checked as it grows.
struct ChunkedInput {
    let next: InputParser.ChunkSource
    /// Everything read and not yet handed out; `start` is where the next line begins.
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the next newline resumes (bytes before it hold none).
    private var scanned = 0
    private var eof = false
    private var total = 0
    /// Whether the buffer still holds the input from its first byte (for the whole-object retry).
    private var fromTheStart = true
    /// Set while the whole input is gathered: nothing is dropped from the buffer's front.
    private var keepEverything = false
    /// 1-based number of the last line handed out.
    private(set) var lineNumber = 0

    init(next: @escaping InputParser.ChunkSource) { self.next = next }

    /// Reads one more chunk; false at the end of the input.
    private mutating func fill() throws -> Bool {
        guard !eof, let chunk = try next() else {
            eof = true
            return false
        }
        if let nul = chunk.firstIndex(of: 0) {
            throw ValidationError(
                field: "",
                problem: "the input has a NUL byte at byte \(total + nul + 1), so it is not JSON text "
                    + "(a binary file, or a device such as /dev/zero?)",
                fix: "give a JSON or JSON Lines text file")
        }
        total += chunk.count
        if total > Limits.batchBytes {
            throw ValidationError(
                field: "", problem: "the input is larger than \(Limits.batchBytes) bytes, the most one batch may be",
                fix: "split it into several appends")
        }
        if !keepEverything && start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
            fromTheStart = false
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    /// The first byte that is not white space, reading as far as needed; nil for a blank input.
    mutating func firstNonSpace() throws -> UInt8? {
        var i = 0
        while true {
            while i < buffer.count {
                let b = buffer[i]
                if !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) { return b }
                i += 1
            }
            if i > InputParser.maxItemBytes {
                throw ValidationError(
                    field: "",
                    problem: "the input starts with more than \(InputParser.maxItemBytes) bytes of white space",
                    fix: "give one JSON object, a JSON array of objects, or JSON Lines")
            }
            if try !fill() { return nil }
        }
    }

    /// The next line without its newline (the last one may lack it), or nil at the end. Throws
    /// once a line is longer than `limit`, without reading the rest of it.
    mutating func nextLine(limit: Int) throws -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = buffer[start..<nl]
                start = nl + 1
                scanned = start
                lineNumber += 1
                if line.count > limit { throw overlong(limit) }
                return line
            }
            scanned = buffer.count
            if buffer.count - start > limit { throw overlong(limit) }
            if try !fill() {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                scanned = start
                lineNumber += 1
                return line
            }
        }
    }

    private func overlong(_ limit: Int) -> ValidationError {
        ValidationError(
            location: "line \(lineNumber + (lineNumber == 0 ? 1 : 0))", field: "",
            problem: "the line is longer than \(limit) bytes; an event may have at most \(limit)",
            fix: "shorten the event's texts or split it")
    }

    /// The rest of the input (from its first byte), refused once it is longer than `limit`.
    mutating func readAll(limit: Int, what: String, fix: String) throws -> [UInt8] {
        keepEverything = true
        while try fill() {
            if buffer.count > limit {
                throw ValidationError(field: "", problem: "\(what) may be at most \(limit) bytes", fix: fix)
            }
        }
        return buffer
    }

    /// The whole input parsed as one JSON value, when it is at most `limit` bytes and parses;
    /// nil otherwise (the caller reports the first line's error instead).
    mutating func wholeObject(limit: Int) throws -> JSONValue? {
        guard fromTheStart else { return nil }
        keepEverything = true
        while buffer.count <= limit, try fill() {}
        guard buffer.count <= limit, let value = try? JSONParser.parse(buffer[...]) else { return nil }
        return value
    }
}
