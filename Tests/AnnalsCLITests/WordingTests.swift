import Foundation
import Testing

/// What a reader sees in words (issue 16): counts and plurals, date ranges, help that wraps at the
/// terminal's width, corrections under `show`, events named by seq or prefix, where the recorder
/// came from, what the timeline leaves out, and CSV cells a spreadsheet would run as formulas.
@Suite("Words on the screen")
struct WordingTests {
    static let claim =
        #"{"type":"accusation","title":"Alpha accuses Beta","occurred":"2025-01-10","actors":[{"entity":"org:a","role":"accuser"}],"claims":[{"id":"claim:x","stance":"asserts","statement":"Beta copied Alpha"}],\#(Inputs.source)}"#

    @Test func countsAreSingularForOneAndRangesOfOneDayAreOneDate() throws {
        let ledger = try TestLedger()
        let two = try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        #expect(two.stdout.contains("appended 2 events, seq 1–2"), "\(two.stdout)")
        try #require(ledger.run(["snapshot", "create", "--name", "before"]).status == 0)
        try #require(ledger.run(["append", "--file", "-"], stdin: Self.claim + "\n").status == 0)
        let claims = try ledger.run(["claims"])
        #expect(claims.stdout.contains("1 source; 2025-01-10\n"), "\(claims.stdout)")
        #expect(!claims.stdout.contains("1 sources") && !claims.stdout.contains("2025-01-10 – 2025-01-10"))
        let claim = try ledger.run(["claim", "claim:x"])
        #expect(claim.stdout.contains("1 supporting source\n"), "\(claim.stdout)")
        let diff = try ledger.run(["diff", "before", "now", "--format", "markdown"])
        #expect(diff.stdout.contains("1 event added"), "\(diff.stdout)")
        let verify = try ledger.run(["verify"])
        #expect(verify.stdout.hasPrefix("ok: 3 records in 1 segment, chain head"), "\(verify.stdout)")
    }

    @Test func helpTextWrapsAtTheTerminalNotMidSentence() throws {
        let dir = try TemporaryDirectory()
        let commands = [
            [], ["init"], ["append"], ["log"], ["claims"], ["query"], ["replay"], ["diff"], ["review"], ["verify"],
            ["checkpoint"], ["prove"], ["check-proof"], ["keygen"], ["repair"], ["merge"], ["rebase"], ["snapshot"],
            ["merge-driver"], ["export", "html"], ["show"], ["timeline"], ["claim"], ["bans"], ["search"],
            ["snapshot", "create"], ["snapshot", "verify"], ["snapshot", "restore"],
        ]
        for command in commands {
            let r = try Annals.run(command + ["--help"], in: dir.url, environment: ["COLUMNS": "3000"])
            let text = r.stdout.components(separatedBy: "USAGE:")[0]
            // Nor are lines joined that the source kept apart: an example starts its own line.
            for line in text.split(separator: "\n") where line.contains("Example:") || line.contains(" %O %A") {
                #expect(
                    line.hasPrefix("Example") || line.hasPrefix(" "),
                    "annals \(command.joined(separator: " ")) --help runs an example into prose: '\(line)'")
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(lines, lines.dropFirst())
            where !line.isEmpty && !next.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("annals ") {
                // A sentence broken in the source shows as a line followed by one that goes on in lowercase.
                let continues = next.first.map { $0.isLowercase } ?? false
                let ends = [":", ".", ";", ")"].contains { line.hasSuffix($0) }
                #expect(!continues || ends, "annals \(command.joined(separator: " ")) --help breaks after '\(line)'")
            }
        }
    }

    @Test(arguments: ["timeline", "log"])
    func typeFiltersNameEveryType(_ command: String) throws {
        let dir = try TemporaryDirectory()
        let r = try Annals.run([command, "--help"], in: dir.url, environment: ["COLUMNS": "3000"])
        let line = try #require(
            r.stdout.split(separator: "\n").first { $0.contains("--type <type>") && $0.contains("Only") })
        for type in ["ban-lifted", "claim-status", "retraction"] { #expect(line.contains(type), "\(line)") }
        // The timeline never shows entity registrations, so it does not offer them.
        #expect(line.contains("entity,") == (command == "log"), "\(line)")
    }

    @Test func showListsTheCorrectionsAndEventsCanBeNamedBySeqOrPrefix() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.base + Self.claim + "\n").status == 0)
        let id = try #require(
            try ledger.run(["show", "3", "--format", "json"]).stdout.firstMatch(of: /ev_[0-9a-f]{32}/)?.output)
        let bySeq = try ledger.run([
            "append", "correction", "--title", "Fix the date", "--occurred", "2025-01-11", "--amends", "3",
            "--reason", "the date was wrong", "--set", "occurred=2025-01-11", "--source", "https://example.org/fix",
        ])
        #expect(bySeq.status == 0, "\(bySeq.stderr)")
        let byPrefix = try ledger.run([
            "append", "retraction", "--title", "Withdrawn", "--occurred", "2025-02-01", "--amends",
            String(id.prefix(9)), "--reason", "the source withdrew it", "--source", "https://example.org/withdrawn",
        ])
        #expect(byPrefix.status == 0, "\(byPrefix.stderr)")
        let show = try ledger.run(["show", "3"])
        #expect(show.stdout.contains("corrected by seq 4"), "\(show.stdout)")
        #expect(show.stdout.contains(": the date was wrong"), "\(show.stdout)")
        #expect(show.stdout.contains("retracted by seq 5"), "\(show.stdout)")
        let unknown = try ledger.run([
            "append", "retraction", "--title", "x", "--occurred", "2025", "--amends", "ev_ffff", "--reason", "r",
            "--source", "https://example.org/x",
        ])
        #expect(unknown.status == 65, "\(unknown.stderr)")
    }

    @Test func theTimelineSaysWhatItLeavesOutAndTheRecorderSaysWhereItCameFrom() throws {
        let ledger = try TestLedger()
        let config = try ledger.dir.write("gitconfig", "[user]\n\tname = Git Person\n")
        let env = ["ANNALS_RECORDER": "", "GIT_CONFIG_GLOBAL": config.path]
        let first = try ledger.run(["append", "--file", "-"], stdin: Inputs.base, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains(#"recorded as "Git Person", git's user.name"#), "\(first.stderr)")
        let second = try ledger.run(["append", "--file", "-"], stdin: Self.claim + "\n", environment: env)
        #expect(second.status == 0 && !second.stderr.contains("user.name"), "said once: \(second.stderr)")
        let timeline = try ledger.run(["timeline"])
        #expect(
            timeline.stderr.contains("1 event; the 2 entity registrations in the log are not on the timeline"),
            "\(timeline.stderr)")
    }

    @Test func csvCellsASpreadsheetWouldRunAreNeutralised() throws {
        let ledger = try TestLedger()
        let formula = Inputs.announcement(1).replacingOccurrences(
            of: "Announcement 1", with: #"=HYPERLINK(\"https://evil.example\",\"click\")"#)
        let minus = Inputs.announcement(2).replacingOccurrences(of: "Announcement 2", with: "-2+3")
        try #require(
            ledger.run(["append", "--file", "-"], stdin: Inputs.base + formula + "\n" + minus + "\n").status == 0)
        let csv = try ledger.run(["timeline", "--format", "csv"]).stdout
        #expect(csv.contains(#""'=HYPERLINK(""https://evil.example"",""click"")""#), "\(csv)")
        #expect(csv.contains(#""'-2+3""#), "\(csv)")
        #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",-2+3"), "\(csv)")
        let query = try ledger.run(["query", "SELECT -5 AS n, '@x' AS s", "--format", "csv"]).stdout
        #expect(query == "n,s\n-5,\"'@x\"\n", "numbers stay numbers: \(query)")
    }
}
