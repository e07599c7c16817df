import Foundation
import Testing

/// Every bad input gets one clear message naming the problem and the fix, exit 65, and leaves
/// the log byte-identical.
@Suite("Bad input never costs data")
struct BadInputTests {
    static let src = Inputs.source

    /// One bad input: its name (what the test report shows), its bytes, and words its message must contain.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var message: String
        var testDescription: String { name }
        init(_ name: String, _ input: [UInt8], _ message: String) {
            (self.name, self.input, self.message) = (name, input, message)
        }
    }

    static let cases: [Case] = [
        Case("invalid JSON", Array(#"{"type":"announcement","title":"#.utf8), "invalid JSON"),
        Case(
            "truncated JSON Lines", Array((Inputs.announcement(1) + "\n" + #"{"type":"#).utf8), "line 2: invalid JSON"),
        Case(
            "wrong field type", Array(#"{"type":"announcement","title":["t"],"occurred":"2026",\#(src)}"#.utf8),
            "field 'title'"),
        Case(
            "unknown event type", Array(#"{"type":"rumour","title":"t","occurred":"2026",\#(src)}"#.utf8),
            "unknown event type"),
        Case(
            "missing source",
            Array(
                #"{"type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]}"#.utf8),
            "at least one source"),
        Case(
            "empty sources",
            Array(
                #"{"type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],"sources":[]}"#
                    .utf8), "at least one source"),
        Case("impossible date", Array(Inputs.announcement(1, date: "2026-02-30").utf8), "has no day 30"),
        Case("unknown entity", Array(Inputs.announcement(1, actor: "org:alpha").utf8), "unknown entity"),
        Case(
            "unknown alias", Array(Inputs.announcement(1, actor: "Gamma Inc").utf8),
            "neither an entity id nor a known name"),
        Case(
            "correction of a missing event",
            Array(
                #"{"type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"title":"x"}},\#(src)}"#
                    .utf8), "no event with this id"),
        Case(
            "invalid UTF-8",
            Array(#"{"type":"announcement","title":""#.utf8) + [0xC3, 0x28]
                + Array(#"","occurred":"2026",\#(src)}"#.utf8), "not valid UTF-8"),
        Case(
            "NUL byte",
            Array(#"{"type":"announcement","title":"a"#.utf8) + [0] + Array(#"b","occurred":"2026",\#(src)}"#.utf8),
            "NUL byte"),
        Case(
            "escaped NUL", Array(#"{"type":"announcement","title":"a\u0000b","occurred":"2026",\#(src)}"#.utf8),
            "NUL character"),
        Case(
            "control character in a title",
            Array(
                #"{"type":"announcement","title":"a\u001bb","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],\#(src)}"#
                    .utf8), "control character"),
        Case(
            "oversized title",
            Array(
                #"{"type":"announcement","title":"\#(String(repeating: "x", count: 600))","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],\#(src)}"#
                    .utf8), "the limit is 500"),
        Case(
            "oversized line",
            Array(
                #"{"type":"announcement","title":"t","summary":"\#(String(repeating: "x", count: 300_000))","occurred":"2026",\#(src)}"#
                    .utf8), "at most 262144"),
        Case(
            "unknown field",
            Array(
                #"{"type":"announcement","title":"t","occurred":"2026","tags":["x"],"actors":[{"entity":"org:a","role":"r"}],\#(src)}"#
                    .utf8), "field 'tags': unknown field"),
        Case(
            "unknown nested field",
            Array(
                #"{"type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],"sources":[{"url":"https://x.org/a","author":"me"}]}"#
                    .utf8), "sources[0].author"),
        Case(
            "ledger field in input",
            Array(#"{"type":"announcement","seq":1,"title":"t","occurred":"2026",\#(src)}"#.utf8), "set by the ledger"),
        Case("duplicate key", Array(#"{"type":"announcement","type":"report"}"#.utf8), "duplicate key"),
        Case("float", Array(#"{"type":"announcement","title":"t","occurred":"2026","n":0.5}"#.utf8), "only integers"),
        Case("deep nesting", [UInt8](repeating: UInt8(ascii: "["), count: 100_000), "nesting deeper"),
        Case("empty input", Array("\n \n".utf8), "input is empty"),
        Case(
            "wrong id",
            Array(
                #"{"id":"ev_0123456789abcdef0123456789abcdef","type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],\#(src)}"#
                    .utf8), "does not match the event's content"),
        Case(
            "bad second line of a batch",
            Array((Inputs.announcement(7) + "\n" + Inputs.announcement(8, date: "2025-13")).utf8),
            "line 2, field 'occurred'"),
    ]

    @Test("refuses with one message, exit 65, and an unchanged log", arguments: cases)
    func refuses(_ bad: Case) throws {
        let (name, input, message) = (bad.name, bad.input, bad.message)
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1))
        let before = try ledger.fingerprint()
        let file = try ledger.dir.write("bad.jsonl", bytes: input)
        let r = try ledger.run(["append", "--file", file.path])
        #expect(r.status == 65, "\(name): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(name): \(r.stderr)")
        #expect(r.stderr.contains("Fix:"), "\(name): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(name): one line, got \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try ledger.fingerprint() == before, "\(name) changed the log")
    }

    @Test func missingInputFileIsExit66() throws {
        let ledger = try TestLedger()
        let r = try ledger.run(["append", "--file", "no-such.jsonl"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("cannot read no-such.jsonl"))
    }

    @Test func usageErrorsAreExit64() throws {
        let ledger = try TestLedger()
        #expect(try ledger.run(["append"]).status == 64)
        #expect(try ledger.run(["append", "announcement", "--actor", "org:a"]).status == 64)
        #expect(try ledger.run(["log", "--type", "rumour"]).status == 64)
    }

    @Test func noRecorderIsRefused() throws {
        let ledger = try TestLedger()
        let empty = try TemporaryDirectory()
        let r = try ledger.run(
            ["append", "--file", "-"], stdin: Inputs.base,
            environment: [
                "ANNALS_RECORDER": "", "HOME": empty.url.path, "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": "/dev/null",
            ])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("--recorder"))
        #expect(try ledger.fingerprint().isEmpty)
    }
}
