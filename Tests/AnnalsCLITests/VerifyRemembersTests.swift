import Foundation
import Testing

/// `verify` remembers what was published: a log shorter than a checkpoint saved in
/// `Checkpoints/` fails plain `verify`, and reads refuse to answer from it; a log shorter than
/// what `.annals/` last saw fails with a message that names a checkout or rebase and the reset.
@Suite("verify remembers published checkpoints")
struct VerifyRemembersTests {
    /// A ledger of two entities and three announcements, its checkpoint of 5 records saved.
    static func published() throws -> TestLedger {
        let ledger = try TestLedger()
        let lines = (1...3).map { Inputs.announcement($0) }.joined(separator: "\n")
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.base + lines + "\n").status == 0)
        let saved = try ledger.run(["checkpoint", "--save"])
        try #require(saved.status == 0, "\(saved.stderr)")
        return ledger
    }

    /// Keeps the first `n` lines of the log's segment.
    static func cut(_ ledger: TestLedger, to n: Int) throws {
        let lines = try String(contentsOf: ledger.segment(), encoding: .utf8).split(separator: "\n")
        let kept = lines.prefix(n).map { $0 + "\n" }.joined()
        try Data(kept.utf8).write(to: ledger.segment())
    }

    @Test("the saved checkpoints are checked by plain verify")
    func plainVerifyChecksThem() throws {
        let ledger = try Self.published()
        let r = try ledger.run(["verify"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ok: checkpoint Checkpoints/00000005.checkpoint: the first 5 records have its root"))
        let json = try ledger.run(["verify", "--format", "json"]).stdout
        #expect(json.contains(#""checkpoints":[{"#))
    }

    @Test("a log cut back below a saved checkpoint fails verify, and reads refuse it", arguments: [4, 2, 0])
    func cutBack(to records: Int) throws {
        let ledger = try Self.published()
        try #require(ledger.run(["timeline"]).status == 0)
        // Forget what .annals/ saw, as a fresh clone would: only the published checkpoint remembers.
        try FileManager.default.removeItem(at: ledger.root.appendingPathComponent(".annals"))
        try Self.cut(ledger, to: records)
        let verify = try ledger.run(["verify"])
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(verify.stderr.contains("fewer than the checkpoint's 5"), "\(verify.stderr)")
        for args in [
            ["timeline"], ["claims"], ["bans", "--as-of", "2025-01-01"], ["log"], ["entities"], ["prove", "1"],
        ] {
            let read = try ledger.run(args)
            #expect(read.status == 1, "\(args): \(read.stderr)")
            #expect(read.stderr.contains("Checkpoints/00000005.checkpoint published a tree of 5"), "\(read.stderr)")
            #expect(read.stdout.isEmpty)
        }
    }

    @Test("a log shorter than .annals/ last saw fails, naming a checkout or rebase and the reset")
    func shorterThanSeen() throws {
        let ledger = try Self.published()
        try FileManager.default.removeItem(at: ledger.root.appendingPathComponent("Checkpoints"))
        try Self.cut(ledger, to: 4)
        let verify = try ledger.run(["verify"])
        #expect(verify.status == 1, "\(verify.stderr)")
        #expect(verify.stderr.contains("checked out at an older revision or rebased"), "\(verify.stderr)")
        #expect(verify.stderr.contains("'annals repair --reindex'"))
        try #require(ledger.run(["repair", "--reindex"]).status == 0)
        #expect(try ledger.run(["verify"]).status == 0)
    }
}
