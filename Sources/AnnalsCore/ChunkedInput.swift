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

/// A run of JSON Lines copied out of the input, to be parsed on any thread.
public struct LineChunk: Sendable {
    /// The lines' bytes, one after the other.
    public var bytes: [UInt8] = []
    /// Each line that is not blank: its bytes in ``bytes`` and its 1-based number in the input.
    public var lines: [(range: Range<Int>, number: Int)] = []
    /// What stopped the input right after these lines (a line too long, a NUL byte, a read
    /// error…): reported once every line before it has been.
    public var failure: (any Error)?
}

/// The JSON Lines of an input after its first item, handed out in chunks.
public struct LineSource {
    var input: ChunkedInput
    private var finished = false

    init(input: ChunkedInput) { self.input = input }

    /// The next lines, about `bytes` of them (always whole lines), or nil at the end of the input.
    public mutating func next(bytes target: Int) -> LineChunk? {
        guard !finished else { return nil }
        var chunk = LineChunk()
        do {
            while chunk.bytes.count < target {
                guard let line = try input.nextLine(limit: InputParser.maxItemBytes) else {
                    finished = true
                    break
                }
                if InputParser.isBlank(line) { continue }
                let start = chunk.bytes.count
                chunk.bytes.append(contentsOf: line)
                chunk.lines.append((start..<chunk.bytes.count, input.lineNumber))
            }
        } catch {
            chunk.failure = error
            finished = true
        }
        return chunk.lines.isEmpty && chunk.failure == nil ? nil : chunk
    }
}
