import Testing

@testable import AnnalsCore

@Suite("UserText: user input quoted in a message")
struct UserTextTests {
    @Test(
        "controls, C1, separators and bidi controls are escaped",
        arguments: [
            ("plain", "\"plain\""),
            ("a\u{1B}[2Jb", "\"a\\u{1b}[2Jb\""),
            ("x\u{85}y", "\"x\\u{85}y\""),
            ("line\u{2028}two", "\"line\\u{2028}two\""),
            ("evil\u{202E}txt", "\"evil\\u{202e}txt\""),
            ("tab\there", "\"tab\\u{9}here\""),
            ("del\u{7F}", "\"del\\u{7f}\""),
            ("深度求索", "\"深度求索\""),
        ])
    func escapes(input: String, expected: String) {
        #expect(UserText.quoted(input) == expected)
    }

    @Test("text is capped with an ellipsis")
    func caps() {
        let long = String(repeating: "a", count: 300_000)
        #expect(UserText.escaped(long, limit: 10) == "aaaaaaaaaa…")
        #expect(UserText.quoted(long).count == UserText.defaultLimit + 3)
        #expect(UserText.escaped("short", limit: 5) == "short")
    }

    @Test("bytes that are not UTF-8 are shown without failing")
    func bytes() {
        #expect(UserText.escaped(bytes: [0x61, 0xFF, 0x1B]) == "a\u{FFFD}\\u{1b}")
    }
}
