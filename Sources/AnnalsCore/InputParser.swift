/// Splits the bytes of an `append --file` input into events: one JSON object, a JSON array of
/// objects, or JSON Lines (one object per line; blank lines are skipped).
public enum InputParser {
    /// Largest JSON Lines line or single-object input accepted before parsing.
    public static let maxItemBytes = Limits.recordBytes

    /// All items at once (small inputs, tests).
    public static func items(_ bytes: [UInt8]) throws -> [BatchValidator.Item] {
        var all: [BatchValidator.Item] = []
        try forEachItem(bytes) { all.append($0) }
        return all
    }

    /// Calls `body` with each item in order; JSON Lines are parsed one line at a time.
    public static func forEachItem(_ bytes: [UInt8], _ body: (BatchValidator.Item) throws -> Void) throws {
        let firstNonSpace = bytes.firstIndex { !(($0 == 0x20) || ($0 == 0x0A) || ($0 == 0x0D) || ($0 == 0x09)) }
        guard let first = firstNonSpace else {
            throw ValidationError(field: "", problem: "the input is empty", fix: "give one JSON object, a JSON array of objects, or JSON Lines")
        }
        if bytes[first] == UInt8(ascii: "[") {
            let value = try parse(bytes[...], location: "input", base: 0, whole: bytes)
            guard case .array(let elements) = value else { fatalError("an input starting with [ parses as an array") }
            for (i, element) in elements.enumerated() { try body(BatchValidator.Item(location: "item \(i + 1)", value: element)) }
            return
        }
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.count(where: { !isBlank($0) }) > 1, (try? JSONParser.parse(lines.first(where: { !isBlank($0) })!)) == nil,
           (try? JSONParser.parse(bytes)) != nil {
            // One pretty-printed object over several lines.
            return try body(BatchValidator.Item(location: "input", value: try parse(bytes[...], location: "input", base: 0, whole: bytes)))
        }
        var offset = 0
        for (n, line) in lines.enumerated() {
            defer { offset += line.count + 1 }
            if isBlank(line) { continue }
            let location = "line \(n + 1)"
            if line.count > maxItemBytes {
                throw ValidationError(location: location, field: "", problem: "the line is \(line.count) bytes; an event may have at most \(maxItemBytes)",
                                      fix: "shorten the event's texts or split it")
            }
            try body(BatchValidator.Item(location: location, value: try parse(line, location: location, base: offset, whole: nil)))
        }
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }
    }

    private static func parse(_ bytes: ArraySlice<UInt8>, location: String, base: Int, whole: [UInt8]?) throws(ValidationError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            var where_ = "byte \(error.offset + 1)"
            if let whole {
                let upTo = whole[..<min(error.offset, whole.count)]
                let line = upTo.count(where: { $0 == 0x0A }) + 1
                let column = upTo.count - (upTo.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                where_ = "line \(line), column \(column)"
            } else {
                where_ = "column \(error.offset + 1)"
            }
            throw ValidationError(location: location, field: "", problem: "invalid JSON: \(error.message) (\(where_))",
                                  fix: "correct the JSON; each line of JSON Lines must be one complete object")
        }
    }
}
