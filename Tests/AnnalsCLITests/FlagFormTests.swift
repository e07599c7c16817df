import Foundation
import Testing

/// The flag form of `append` is usable on its own terms: "-" leaves one source without a quote,
/// entity flags take names and aliases, typos get "did you mean", and refusals name the flag
/// and a fix in flags, not JSON fields. A harbour dispute.
@Suite("The flag form of append")
struct FlagFormTests {
    static func ledger() throws -> TestLedger {
        let ledger = try TestLedger()
        let base = [
            Inputs.entity("gov:port-authority", "Port Authority", aliases: ["Harbour Board"]),
            Inputs.entity("org:ferry", "Island Ferry Company", aliases: ["Island Ferries"]),
        ]
        try #require(ledger.run(["append", "--file", "-"], stdin: base.joined(separator: "\n") + "\n").status == 0)
        return ledger
    }

    static let event = ["--occurred", "2025-04-01", "--source", "https://example.org/harbour"]

    static func record(_ ledger: TestLedger, _ seq: Int) throws -> [String: Any] {
        let out = try ledger.run(["show", String(seq), "--format", "jsonl"]).stdout
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    @Test("'-' gives one source no quote, and the others keep theirs")
    func quoteForSomeSources() throws {
        let ledger = try Self.ledger()
        let r = try ledger.run([
            "append", "announcement", "--title", "The board publishes the ferry timetable", "--occurred", "2025-04-01",
            "--actor", "Harbour Board=publisher", "--source", "https://example.org/a", "--quote", "Ferries run hourly",
            "--source", "https://example.org/b", "--quote", "-",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let sources = try #require(try Self.record(ledger, 3)["sources"] as? [[String: Any]])
        #expect(sources.count == 2)
        #expect(sources[0]["quote"] as? String == "Ferries run hourly")
        #expect(sources[1]["quote"] == nil)
    }

    @Test("--authority and --target take names and aliases; the record names ids")
    func entityNames() throws {
        let ledger = try Self.ledger()
        let r = try ledger.run(
            [
                "append", "ban", "--title", "The board suspends night crossings", "--ban-id", "ban:night-crossings",
                "--authority", "Port Authority", "--target", "island ferries",
            ] + Self.event)
        #expect(r.status == 0, "\(r.stderr)")
        let ban = try #require(try Self.record(ledger, 3)["ban"] as? [String: Any])
        #expect(ban["authority"] as? String == "gov:port-authority")
        #expect(ban["targets"] as? [String] == ["org:ferry"])
    }

    @Test(
        "refusals name the flag, suggest, speak of flags, and change nothing",
        arguments: [
            (
                [
                    "append", "ban", "--title", "t", "--ban-id", "ban:x", "--authority", "Port Authorty", "--target",
                    "org:ferry",
                ] + event,
                ["--authority \"Port Authorty\"", "did you mean Port Authority (gov:port-authority)?"]
            ),
            (
                ["append", "announcement", "--title", "t", "--source", "https://example.org/a"],
                ["--occurred: required field is missing. Fix: give --occurred YYYY-MM-DD"]
            ),
            (
                ["append", "announcement", "--title", "t", "--quote", ""] + event,
                ["--quote (source 1)", "give --quote - for a source without one"]
            ),
            (["append", "anouncement", "--title", "t"] + event, ["did you mean announcement?"]),
            (
                ["append", "report", "--title", "t", "--claim", "claim:fares=assert", "--statement", "Fares rose"]
                    + event,
                ["--claim (the 1st)", "did you mean asserts?"]
            ),
        ])
    func refusals(args: [String], messages: [String]) throws {
        let ledger = try Self.ledger()
        let before = try ledger.fingerprint()
        let r = try ledger.run(args)
        #expect(r.status == 65, "\(args): \(r.stderr)")
        for m in messages { #expect(r.stderr.contains(m), "\(args): \(r.stderr)") }
        #expect(!r.stderr.contains("\"occurred\":"), "a JSON field in a flag-form fix: \(r.stderr)")
        #expect(try ledger.fingerprint() == before)
    }
}
