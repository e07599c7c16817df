/// A strict JSON parser over UTF-8 bytes.
///
/// Stricter than RFC 8259 where Annals needs it: duplicate keys, non-integer numbers, NUL
/// characters and nesting deeper than ``maxDepth`` are errors, so hostile input cannot overflow
/// the stack or smuggle ambiguous values into the log.
public struct JSONParser {
    /// Deepest nesting of arrays and objects accepted. Events need 4 levels.
    public static let maxDepth = 32
    /// Most members one object may have: events have about a dozen fields.
    public static let maxMembers = 64

    public struct SyntaxError: Error, Equatable, Sendable {
        /// Byte offset of the problem in the parsed text.
        public var offset: Int
        public var message: String
    }

    /// Parses one JSON value that must fill `bytes` (surrounding whitespace allowed).
    public static func parse(_ bytes: ArraySlice<UInt8>) throws(SyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buf) throws(SyntaxError) -> JSONValue in try parse(buffer: buf) }
    }

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        try parse(bytes[...])
    }

    static func parse(buffer buf: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> JSONValue {
        var p = Cursor(bytes: buf, index: 0)
        p.skipWhitespace()
        let value = try p.parseValue(depth: 0)
        p.skipWhitespace()
        if p.index != buf.count {
            throw SyntaxError(
                offset: p.index, message: "unexpected '\(p.describeByte(p.index))' after the end of the JSON value")
        }
        return value
    }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index: Int

        func describeByte(_ i: Int) -> String {
            guard i < bytes.count else { return "end of input" }
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F { return String(UnicodeScalar(b)) }
            return "byte 0x" + String(b, radix: 16, uppercase: true)
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
            SyntaxError(offset: offset ?? index, message: message)
        }

        mutating func parseValue(depth: Int) throws(SyntaxError) -> JSONValue {
            guard index < bytes.count else { throw fail("unexpected end of input, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
            case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try parseInteger())
            default: throw fail("unexpected '\(describeByte(index))', expected a value")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
            let start = index
            let n = literal.utf8CodeUnitCount
            guard index + n <= bytes.count else { throw fail("unexpected end of input in a literal", at: start) }
            let lit = literal.utf8Start
            for i in 0..<n where bytes[index + i] != lit[i] {
                throw fail("invalid literal, expected '\(literal)'", at: start)
            }
            index += n
        }

        mutating func parseInteger() throws(SyntaxError) -> Int64 {
            let start = index
            var negative = false
            if bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            guard index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 else {
                throw fail("invalid number", at: start)
            }
            if bytes[index] == 0x30, index + 1 < bytes.count, bytes[index + 1] >= 0x30, bytes[index + 1] <= 0x39 {
                throw fail("numbers must not have leading zeros", at: start)
            }
            var value: Int64 = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let digit = Int64(bytes[index] - 0x30)
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
                if o1 || o2 { throw fail("integer out of range (must fit in 64 bits)", at: start) }
                value = s
                index += 1
            }
            if index < bytes.count,
                bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e")
                    || bytes[index] == UInt8(ascii: "E")
            {
                throw fail("only integers are allowed: no fractions or exponents", at: start)
            }
            return value
        }

        mutating func parseString() throws(SyntaxError) -> String {
            let start = index
            index += 1  // opening quote
            let contentStart = index
            // Fast path: no escapes, found eight bytes at a time.
            let (stop, nonASCII) = ByteScan.firstSpecial(bytes, from: index)
            index = stop
            guard index < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                if nonASCII && !ByteScan.isValidUTF8(slice) { throw fail("string is not valid UTF-8", at: start) }
                return String(decoding: slice, as: UTF8.self)
            }
            if b < 0x20 {
                throw fail(b == 0 ? "NUL byte in a string" : "raw control character in a string (escape it)", at: index)
            }
            return try parseEscapedString(start: start, contentStart: contentStart)
        }

        /// The rest of a string that holds an escape (or a control byte) at `index`: the slow path.
        mutating func parseEscapedString(start: Int, contentStart: Int) throws(SyntaxError) -> String {
            var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    index += 1
                    guard out.withUnsafeBufferPointer(ByteScan.isValidUTF8) else {
                        throw fail("string is not valid UTF-8", at: start)
                    }
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 {
                    throw fail(
                        b == 0 ? "NUL byte in a string" : "raw control character in a string (escape it)", at: index)
                }
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    index += 1
                    continue
                }
                index += 1
                guard index < bytes.count else { break }
                try parseEscape(into: &out)
            }
            throw fail("unterminated string", at: start)
        }

        /// The escape whose letter is at `index` (after its backslash), appended to `out`.
        @inline(__always)
        mutating func parseEscape(into out: inout [UInt8]) throws(SyntaxError) {
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): out.append(contentsOf: Array(String(Character(try parseUnicodeEscape())).utf8))
            default:
                throw fail("invalid escape '\\\(describeByte(index - 1))' in a string", at: index - 2)
            }
        }

        /// The scalar of a `\u` escape whose hex digits start at `index`, with its low surrogate if it needs one.
        mutating func parseUnicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
            var scalar = try parseHex4()
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw fail("unpaired UTF-16 surrogate in \\u escape", at: index)
                }
                index += 2
                let low = try parseHex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw fail("invalid UTF-16 surrogate pair in \\u escape", at: index)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw fail("unpaired UTF-16 surrogate in \\u escape", at: index)
            }
            if scalar == 0 { throw fail("NUL character (\\u0000) in a string", at: index) }
            guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape", at: index) }
            return u
        }

        mutating func parseHex4() throws(SyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fail("invalid hex digit in \\u escape")
                }
                v = v << 4 | d
                index += 1
            }
            return v
        }

        mutating func parseArray(depth: Int) throws(SyntaxError) -> JSONValue {
            if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
            index += 1
            var items: [JSONValue] = []
            items.reserveCapacity(4)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            while true {
                skipWhitespace()
                items.append(try parseValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(items)
                }
                throw fail("expected ',' or ']' in an array, found '\(describeByte(index))'")
            }
        }

        mutating func parseObject(depth: Int) throws(SyntaxError) -> JSONValue {
            if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(8)
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(JSONObject(uniqueMembers: members))
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw fail("expected a quoted key in an object, found '\(describeByte(index))'")
                }
                let keyOffset = index
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    throw fail("expected ':' after key \"\(key)\"")
                }
                index += 1
                skipWhitespace()
                let value = try parseValue(depth: depth)
                if members.contains(where: { $0.key == key }) {
                    throw fail("duplicate key \"\(key)\"", at: keyOffset)
                }
                if members.count == JSONParser.maxMembers {
                    throw fail("an object with more than \(JSONParser.maxMembers) members", at: keyOffset)
                }
                members.append((key, value))
                skipWhitespace()
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(JSONObject(uniqueMembers: members))
                }
                throw fail("expected ',' or '}' in an object, found '\(describeByte(index))'")
            }
        }
    }
}
