import Testing

@testable import AnnalsCore

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    static let cases: [(JSONValue, String)] = [
        (.null, "null"),
        (.bool(true), "true"),
        (.integer(0), "0"),
        (.integer(-42), "-42"),
        (.integer(Int64.max), "9223372036854775807"),
        (.string(""), #""""#),
        (.string("quote \" backslash \\ slash /"), #""quote \" backslash \\ slash /""#),
        (.string("tab\tnewline\ncr\rbs\u{8}ff\u{c}"), #""tab\tnewline\ncr\rbs\bff\f""#),
        (.string("\u{1}\u{1f}\u{7f}"), "\"\\u0001\\u001f\u{7f}\""),
        (.string("é 中 😀"), "\"é 中 😀\""),
        (.array([]), "[]"),
        (.array([.integer(1), .string("a"), .null]), #"[1,"a",null]"#),
        (.object([:]), "{}"),
        (
            .object(["b": .integer(1), "a": .integer(2), "aa": .integer(3), "A": .integer(4)]),
            #"{"A":4,"a":2,"aa":3,"b":1}"#
        ),
        // RFC 8785 orders keys by UTF-16 code units: U+1F600 (surrogates D83D…) sorts before U+FB01.
        (.object(["\u{FB01}": .integer(1), "😀": .integer(2), "z": .integer(3)]), "{\"z\":3,\"😀\":2,\"\u{FB01}\":1}"),
        (
            .object(["x": .object(["b": .array([.object(["d": .null, "c": .bool(false)])]), "a": .string("")])]),
            #"{"x":{"a":"","b":[{"c":false,"d":null}]}}"#
        ),
    ]

    @Test("encodes exactly", arguments: cases)
    func encodes(_ value: JSONValue, _ expected: String) {
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == expected)
    }

    @Test("parsing canonical bytes and encoding again is the identity", arguments: cases)
    func roundTrips(_ value: JSONValue, _ expected: String) throws {
        let parsed = try JSONParser.parse(Array(expected.utf8))
        #expect(parsed == value)
        #expect(CanonicalJSON.encode(parsed) == Array(expected.utf8))
    }

    @Test func keyOrderMatchesUTF16Comparison() {
        let keys = ["a", "B", "é", "\u{FB01}", "😀", "ab", "", "\u{E000}", "\u{10FFFF}", "z"]
        for a in keys {
            for b in keys where a != b {
                #expect(CanonicalJSON.precedes(a, b) == a.utf16.lexicographicallyPrecedes(b.utf16), "\(a) vs \(b)")
            }
        }
    }
}
