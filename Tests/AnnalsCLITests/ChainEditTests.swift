import Annals
import AnnalsCore
import AnnalsStore
import Foundation
import Testing

/// Edits a forger would make with the library's own sealing: one record rewritten and re-hashed,
/// a legacy record in NFD, a path through a symlink and `..`. None may slip through.
@Suite("Forged and legacy records")
struct ChainEditTests {
    static func lines(_ ledger: TestLedger) throws -> [String] {
        try String(contentsOf: ledger.segment(), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func write(_ ledger: TestLedger, _ lines: [String]) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: ledger.segment())
    }

    @Test(
        "a record edited and re-hashed alone breaks the chain for every reader",
        arguments: [["timeline"], ["append", "--file", "-"]])
    func reHashedEdit(_ args: [String]) throws {
        let ledger = try TestLedger()
        try ledger.run(
            ["append", "--file", "-"],
            stdin: Inputs.base + Inputs.announcement(1) + "\n" + Inputs.announcement(2) + "\n")
        try ledger.run(["timeline"])
        var lines = try Self.lines(ledger)
        let old = try RecordCodec.decode(Array(lines[2].utf8)[...])
        var event = old.event
        event.title = "EDITED title"
        let (_, line) = RecordCodec.seal(
            event, id: RecordCodec.eventID(event), seq: old.seq, prev: old.prev,
            recorded: old.recorded, recorder: old.recorder)
        lines[2] = String(decoding: line, as: UTF8.self)
        try Self.write(ledger, lines)
        let r = try ledger.run(args, stdin: Inputs.announcement(9) + "\n")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("broken chain"), "\(r.stderr)")
        #expect(!r.stdout.contains("EDITED"))
    }

    @Test func anEventLoggedInNFDIsStillADuplicate() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let nfd = Inputs.announcement(1).replacingOccurrences(of: "Announcement 1", with: "Cafe\u{301}")
        // Written as a merge carries a record: as it is, not normalised (as before this rule).
        let log = EventLog(layout: try LedgerLayout.at(ledger.root.path))
        let item = BatchValidator.Item(
            location: "", value: try JSONParser.parse(Array(nfd.utf8)),
            stamp: .init(recorder: "old", recorded: Timestamp(secondsSinceEpoch: 1_790_000_000)))
        let first = try log.append(
            { body in try body(item) }, recorder: "old", now: Timestamp(secondsSinceEpoch: 1_790_000_000))
        #expect(first.appended.count == 1)
        let r = try ledger.run(["append", "--file", "-", "--format", "json"], stdin: nfd + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""appended":[]"#) && r.stdout.contains(first.appended[0].id), "\(r.stdout)")
    }

    @Test func aSymlinkFollowedByDotDotCannotReachEvents() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let work = ledger.dir.url.appendingPathComponent("w")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("ln").path,
            withDestinationPath: ledger.root.appendingPathComponent("Snapshots").path)
        let before = try ledger.fingerprint()
        for args in [
            ["replay", "--out", "w/ln/../Events/00000002.jsonl"], ["export", "html", "--out", "w/ln/../Events"],
        ] {
            let r = try Annals.run(args + ["--ledger", ledger.root.path], in: ledger.dir.url)
            #expect(r.status == 73, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("inside Events/"), "\(r.stderr)")
        }
        #expect(try ledger.fingerprint() == before)
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("Events").path))
    }

    @Test func aRetractedFullLiftLetsTheBanBeLiftedAgain() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: HostileLedgerTests.base)
        let lift = HostileLedgerTests.event("ban-lifted", #""lifts":{"ban":"ban:x","scope":"full"}"#)
        #expect(try ledger.run(["append", "--file", "-"], stdin: lift).status == 0)
        let id = try HostileLedgerTests.idOfSeq(ledger, 6)
        let retract = HostileLedgerTests.event("retraction", #""amends":{"event":"\#(id)","reason":"wrong ban"}"#)
        #expect(try ledger.run(["append", "--file", "-"], stdin: retract).status == 0)
        let again = HostileLedgerTests.event(
            "ban-lifted", #""lifts":{"ban":"ban:x","scope":"full"}"#, occurred: "2025-02-01")
        let r = try ledger.run(["append", "--file", "-"], stdin: again)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
