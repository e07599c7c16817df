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
        try forEachItem(reading: next, body) { lines in
            // One line at a time, so nothing is read past a line that fails.
            while let chunk = lines.next(bytes: 1) {
                for line in chunk.lines {
                    let location = "line \(line.number)"
                    let value = try parse(chunk.bytes[line.range], location: location, whole: nil)
                    try body(BatchValidator.Item(location: location, value: value))
                }
                if let failure = chunk.failure { throw failure }
            }
        }
    }

    /// Calls `body` with the items of a JSON array or a single object, or with the first line of
    /// JSON Lines; then hands the lines after it to `rest`, which must give each line's item in
    /// order, and throw a chunk's ``LineChunk/failure`` after its lines, as the caller decides
    /// (parsing and preparing them on other threads, for one).
    public static func forEachItem(
        reading next: @escaping ChunkSource, _ body: (BatchValidator.Item) throws -> Void,
        rest: (inout LineSource) throws -> Void
    ) throws {
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
        guard let firstItem = try firstLine(&input) else { return }
        try body(firstItem.item)
        if firstItem.whole { return }
        var lines = LineSource(input: input)
        try rest(&lines)
    }

    /// The item of the first line that is not blank, or of the whole input when that line is not
    /// JSON on its own but the whole input is one (pretty-printed) object; nil for no lines.
    private static func firstLine(_ input: inout ChunkedInput) throws -> (item: BatchValidator.Item, whole: Bool)? {
        while let line = try input.nextLine(limit: maxItemBytes) {
            if isBlank(line) { continue }
            let location = "line \(input.lineNumber)"
            do {
                return (
                    BatchValidator.Item(location: location, value: try parse(line, location: location, whole: nil)),
                    false
                )
            } catch {
                // One pretty-printed object over several lines parses only as a whole.
                guard let object = try input.wholeObject(limit: maxItemBytes) else { throw error }
                return (BatchValidator.Item(location: "input", value: object), true)
            }
        }
        return nil
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
