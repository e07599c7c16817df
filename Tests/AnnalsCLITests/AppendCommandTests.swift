import Foundation
import Testing

@Suite("annals append, log, show")
struct AppendCommandTests {
    @Test func appendThenVerifyRoundTrip() throws {
        let ledger = try TestLedger()
        let input = Inputs.base + (1...5).map { Inputs.announcement($0) }.joined(separator: "\n")
        let r = try ledger.run(["append", "--file", "-"], stdin: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("appended 7 events, seq 1–7"))
        let v = try ledger.run(["verify"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("ok: 7 records"))
        let log = try ledger.run(["log", "--format", "jsonl"])
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        // jsonl prints the stored bytes exactly.
        let stored = try String(contentsOf: ledger.segment(1), encoding: .utf8)
        #expect(log.stdout == stored)
    }

    @Test func flagFormAppendsOneEventAndResolvesAliases() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let r = try ledger.run([
            "append", "accusation", "--title", "Alpha accuses Beta", "--occurred", "2026-02-23",
            "--actor", "Alpha=accuser", "--actor", "org:b=accused",
            "--claim", "claim:beta-copied=asserts", "--statement", "Beta copied Alpha",
            "--source", "https://example.org/x", "--publisher", "Alpha", "--quote", "They copied us.",
            "--recorder", "Jane Doe",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let show = try ledger.run(["show", "3", "--format", "json"])
        #expect(show.stdout.contains(#""entity":"org:a""#))
        #expect(show.stdout.contains(#""recorder":"Jane Doe""#))
        let text = try ledger.run(["show", "3"])
        #expect(text.stdout.contains("claim     claim:beta-copied — asserts: Beta copied Alpha"))
    }

    @Test func duplicatesAreReportedAndNothingIsWritten() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1))
        let before = try ledger.fingerprint()
        let r = try ledger.run(["append", "--file", "-", "--format", "json"], stdin: Inputs.announcement(1))
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""duplicates":[{"existingSeq":3"#))
        #expect(try ledger.fingerprint() == before)
        // A batch mixing old and new events appends only the new ones.
        let mixed = try ledger.run(
            ["append", "--file", "-"], stdin: Inputs.announcement(1) + "\n" + Inputs.announcement(2))
        #expect(mixed.stdout.contains("appended seq 4"))
        #expect(mixed.stderr.contains("line 1 is already in the log as seq 3"))
    }

    @Test func logFiltersByTypeActorAndDates() throws {
        let ledger = try TestLedger()
        let input =
            Inputs.base
            + [
                Inputs.announcement(1, date: "2024-05"), Inputs.announcement(2, actor: "org:b", date: "2025-06-01"),
                Inputs.announcement(3, date: "2026"),
            ].joined(separator: "\n")
        try ledger.run(["append", "--file", "-"], stdin: input)
        func titles(_ args: [String]) throws -> [String] {
            let r = try ledger.run(["log", "--format", "json"] + args)
            let listing = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            return (listing["records"] as! [[String: Any]]).map { $0["title"] as! String }
        }
        #expect(try titles(["--type", "announcement"]).count == 3)
        #expect(try titles(["--actor", "org:b"]) == ["Registers Beta Corp", "Announcement 2"])
        #expect(try titles(["--type", "announcement", "--from", "2025"]) == ["Announcement 2", "Announcement 3"])
        #expect(try titles(["--type", "announcement", "--to", "2024-05-31"]) == ["Announcement 1"])
        #expect(try titles(["--recorded-to", "2000-01-01"]) == [])
        let bad = try ledger.run(["log", "--from", "2025-02-30"])
        #expect(bad.status == 64)
    }

    @Test func showFindsByIDPrefixAndRefusesUnknown() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let json = try ledger.run(["show", "1", "--format", "json"]).stdout
        let id = try #require(
            ((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["record"] as? [String: Any])?[
                "id"] as? String)
        #expect(try ledger.run(["show", String(id.prefix(10))]).stdout.contains(id))
        let missing = try ledger.run(["show", "99"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no such event"))
    }

    @Test func findsTheLedgerFromASubdirectoryOrByFlag() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let sub = ledger.root.appendingPathComponent("notes/deep")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        #expect(try Annals.run(["verify"], in: sub).status == 0)
        #expect(try Annals.run(["verify", "--ledger", ledger.root.path], in: ledger.dir.url).status == 0)
        let none = try Annals.run(["verify"], in: URL(fileURLWithPath: "/"))
        #expect(none.status == 66)
        #expect(none.stderr.contains("not inside an Annals ledger"))
    }

    @Test func entitiesListsIDsAndAliases() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let r = try ledger.run(["entities"])
        #expect(r.stdout.contains("org:a"))
        #expect(r.stdout.contains("(aka Alpha)"))
    }

    @Test func segmentsRollBySizeAndVerifyAcrossThem() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        for n in 1...6 {
            let r = try ledger.run(
                ["append", "--file", "-"], stdin: Inputs.announcement(n), environment: ["ANNALS_SEGMENT_BYTES": "600"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let segments = try FileManager.default.contentsOfDirectory(atPath: ledger.events.path).sorted()
        #expect(segments.count > 2)
        #expect(segments.first == "00000001.jsonl")
        #expect(try ledger.run(["verify"]).stdout.contains("ok: 8 records in \(segments.count) segments"))
    }
}
