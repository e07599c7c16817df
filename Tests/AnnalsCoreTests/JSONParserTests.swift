import Testing

@testable import AnnalsCore

@Suite("Strict JSON parser")
struct JSONParserTests {
    static let bad: [(String, String)] = [
        ("", "unexpected end of input"),
        ("{", "expected a quoted key"),
        (#"{"a":1,}"#, "expected a quoted key"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a":1,"a":2}"#, "duplicate key \"a\""),
        ("[1,2", "unterminated array"),
        (#"{"a":1.5}"#, "only integers"),
        (#"{"a":1e3}"#, "only integers"),
        (#"{"a":01}"#, "leading zeros"),
        (#"{"a":99999999999999999999}"#, "out of range"),
        (#"{"a":"x\u0000y"}"#, "NUL character"),
        ("{\"a\":\"x\ny\"}", "raw control character"),
        (#"{"a":"\q"}"#, "invalid escape"),
        (#"{"a":"\ud800"}"#, "unpaired UTF-16 surrogate"),
        (#"{"a":tru}"#, "invalid literal"),
        (#"{"a":1} x"#, "after the end"),
        (#"{"a":"unterminated}"#, "unterminated string"),
        ("'a'", "unexpected ''', expected a value"),
    ]

    @Test("refuses malformed input with a precise message", arguments: bad)
    func refuses(_ text: String, _ message: String) {
        #expect {
            try JSONParser.parse(Array(text.utf8))
        } throws: { error in
            (error as? JSONParser.SyntaxError)?.message.contains(message) == true
        }
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func deepNestingFailsWithoutOverflowingTheStack() {
        let deep =
            [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        #expect {
            try JSONParser.parse(deep)
        } throws: { error in
            (error as? JSONParser.SyntaxError)?.message.contains("nesting deeper than") == true
        }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(Array(#"{"s":"\u00e9\ud83d\ude00\n\/"}"#.utf8))
        #expect(value["s"] == .string("é😀\n/"))
    }
}
