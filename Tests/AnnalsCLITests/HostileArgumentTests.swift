import Foundation
import Testing

/// Hostile arguments to every command that takes them: each gets a one-line error naming the
/// problem, a documented non-zero exit status, and leaves Events/ and Snapshots/ byte-identical.
@Suite("Hostile arguments")
struct HostileArgumentTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var args: [String]
        var status: Int32
        var message: String
        var stdin: String? = nil
        var testDescription: String { args.joined(separator: " ").prefix(80).description }
    }

    static let cases: [Case] = [
        Case(args: ["query", "DELETE FROM events"], status: 65, message: "DELETE statements are not allowed"),
        Case(
            args: ["query", "ATTACH DATABASE '/tmp/evil.db' AS evil"], status: 65,
            message: "ATTACH statements are not allowed"),
        Case(args: ["query", "PRAGMA writable_schema = ON"], status: 65, message: "PRAGMA statements are not allowed"),
        Case(
            args: ["query", "SELECT load_extension('/tmp/evil.so')"], status: 65,
            message: "load_extension is not allowed"),
        Case(args: ["query", "SELECT 1; DROP TABLE events"], status: 65, message: "more than one statement"),
        Case(args: ["query", "WITH x AS (SELECT 1) DELETE FROM events"], status: 65, message: "the statement writes"),
        Case(
            args: ["query", "INSERT INTO meta VALUES ('a', 'b')"], status: 65,
            message: "INSERT statements are not allowed"),
        Case(
            args: ["query", "UPDATE events SET title = 'x'"], status: 65, message: "UPDATE statements are not allowed"),
        Case(args: ["query", "SELECT * FROM no_such_table"], status: 65, message: "no such table"),
        Case(args: ["query", ""], status: 65, message: "it is not a query"),
        Case(args: ["query", "VACUUM INTO '/tmp/copy.db'"], status: 65, message: "VACUUM statements are not allowed"),
        Case(args: ["snapshot", "create", "--name", "../escape"], status: 65, message: "not a path"),
        Case(args: ["snapshot", "create", "--name", "/tmp/absolute"], status: 65, message: "not a path"),
        Case(args: ["snapshot", "create", "--name", ".hidden"], status: 65, message: "must not start with '.'"),
        Case(args: ["snapshot", "create", "--name", "a b"], status: 65, message: "characters other than"),
        Case(
            args: ["snapshot", "create", "--name", String(repeating: "x", count: 200)], status: 65,
            message: "1 to 100 characters"),
        Case(args: ["snapshot", "show", "../../etc/passwd"], status: 65, message: "not a path"),
        Case(args: ["snapshot", "verify", "/etc/passwd"], status: 65, message: "not a path"),
        Case(args: ["snapshot", "restore", "missing"], status: 66, message: "no snapshot missing"),
        Case(args: ["snapshot", "verify"], status: 64, message: "name snapshots to verify"),
        Case(args: ["diff", "now", "/etc/passwd"], status: 1, message: "not a valid gzip file"),
        Case(args: ["diff", "@2025-02-30", "now"], status: 65, message: "has no day 30"),
        Case(args: ["diff", "now", "no-such-snapshot"], status: 66, message: "no snapshot"),
        Case(args: ["replay", "--as-of", "2025-13-01", "--out", "x.sqlite"], status: 64, message: "month 13"),
        Case(args: ["replay", "--known-at-seq", "-5", "--out", "x.sqlite"], status: 64, message: "--known-at-seq"),
        Case(args: ["replay", "--known-at", "yesterday", "--out", "x.sqlite"], status: 64, message: "--known-at"),
        Case(
            args: ["replay", "--known-at-seq", "99999999999999999999", "--out", "x.sqlite"], status: 64,
            message: "99999999999999999999"),
        Case(args: ["replay", "--out", "Events/00000001.jsonl"], status: 73, message: "it is inside Events/"),
        Case(args: ["show", "-1"], status: 65, message: "no such event: seq -1"),
        Case(args: ["show", "--", "-1"], status: 65, message: "no such event"),
        Case(args: ["show", "99999999999999999999"], status: 65, message: "no such event"),
        Case(args: ["show", "ev_zz"], status: 65, message: "no such event"),
        Case(args: ["log", "--from", "2025-02-30"], status: 64, message: "no day 30"),
        Case(args: ["log", "--recorded-from", "2025"], status: 64, message: "needs at least a day"),
        Case(args: ["timeline", "--type", "rumour"], status: 64, message: "unknown event type"),
        Case(args: ["claims", "--status", "probable"], status: 64, message: "unknown standing"),
        Case(args: ["bans", "--active-on", "0000-01-01"], status: 64, message: "year 0000"),
        Case(args: ["claim", "claim:nope"], status: 65, message: "no claim claim:nope"),
        Case(
            args: [
                "append", "announcement", "--title", "a\u{7}b", "--occurred", "2025", "--actor", "org:a=x", "--source",
                "https://x.org/a",
            ],
            status: 65, message: "control character"),
        Case(
            args: [
                "append", "announcement", "--title", "t", "--occurred", "2025", "--actor", "org:a=x", "--source",
                "javascript:alert(1)",
            ],
            status: 65, message: "not an http(s) URL"),
        Case(
            args: [
                "append", "announcement", "--title", "t", "--occurred", "2025", "--actor", "=x", "--source",
                "https://x.org/a",
            ],
            status: 64, message: "--actor takes NAME=VALUE"),
        Case(args: ["append", "--file", "/etc"], status: 66, message: "cannot read /etc"),
        Case(
            args: ["append", "--file", "-", "--recorder", "bad\nname"], status: 65, message: "recorder",
            stdin: Inputs.announcement(1)),
        Case(
            args: ["export", "html", "--out", "/proc/annals-site"], status: 73,
            message: "cannot create directory /proc/annals-site"),
        // Numbers are read as numbers even when negative, then checked, and a moment past the log's end is refused.
        Case(args: ["log", "--limit", "-1"], status: 64, message: "--limit must be 1 or more, got -1"),
        Case(args: ["search", "x", "--limit", "0"], status: 64, message: "--limit must be 1 or more, got 0"),
        Case(args: ["export", "feed", "--out", "feeds", "--limit", "-2"], status: 64, message: "got -2"),
        Case(args: ["checkpoint", "--size", "-1"], status: 64, message: "--size must be 0 or more, got -1"),
        Case(args: ["prove", "1", "--size", "0"], status: 64, message: "--size must be 1 or more, got 0"),
        Case(args: ["prove", "9999"], status: 65, message: "seq 9999 is outside the log of"),
        Case(args: ["prove", "3", "--size", "2"], status: 65, message: "give a size from 3 to"),
        Case(args: ["claims", "--known-at-seq", "9999"], status: 64, message: "9999 is past the end of the log"),
        Case(args: ["timeline", "--known-at-seq", "9999"], status: 64, message: "give a seq from 0 to"),
        Case(
            args: ["replay", "--known-at-seq", "9999", "--out", "x.sqlite"], status: 64,
            message: "9999 is past the end of the log"),
    ]

    @Test("refuses, exits as documented, changes nothing", arguments: cases)
    func refuses(_ c: Case) throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1))
        try ledger.run(["snapshot", "create", "--name", "kept"])
        func state() throws -> [String: Data] {
            var all = try ledger.fingerprint()
            let snaps = ledger.root.appendingPathComponent("Snapshots")
            for n in try FileManager.default.contentsOfDirectory(atPath: snaps.path) {
                all["Snapshots/" + n] = try Data(contentsOf: snaps.appendingPathComponent(n))
            }
            return all
        }
        let before = try state()
        let r = try ledger.run(c.args, stdin: c.stdin)
        #expect(r.status == c.status, "\(c.args): status \(r.status): \(r.stderr)")
        #expect(c.message.isEmpty || r.stderr.contains(c.message), "\(c.args): \(r.stderr)")
        if c.status != 64 {
            #expect(r.stderr.split(separator: "\n").count == 1, "\(c.args): one line expected: \(r.stderr)")
        }
        #expect(try state() == before, "\(c.args) changed the ledger")
    }

    @Test func aFiftyMegabyteLineIsRefusedWithoutHarm() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let before = try ledger.fingerprint()
        let huge =
            #"{"type":"announcement","title":"t","summary":""# + String(repeating: "x", count: 50_000_000) + #""}"#
        let file = try ledger.dir.write("huge.jsonl", huge)
        let r = try ledger.run(["append", "--file", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("an event may have at most 262144"))
        #expect(try ledger.fingerprint() == before)
    }
}
