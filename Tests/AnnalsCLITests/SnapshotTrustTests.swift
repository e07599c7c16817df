import Annals
import AnnalsCore
import Foundation
import Testing

/// Snapshots carry the log's Merkle root: restore refuses one of another history, and review
/// verifies every snapshot a change adds, so a forged one with a matching digest cannot pass.
@Suite("Snapshots tied to the log's tree")
struct SnapshotTrustTests {
    static func git(_ repo: URL, _ args: String...) throws {
        let (status, _, err) = try tool(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + args, in: repo)
        try #require(status == 0, "git \(args): \(err)")
    }

    /// Rewrites the snapshot's body with `edit` and gives it the digest and size of the new body,
    /// as a forger would: it still passes its own digest check.
    static func forge(_ file: URL, _ edit: (String) -> String) throws {
        let (status, plain, _) = try tool(["gzip", "-dc", file.path], in: file.deletingLastPathComponent())
        try #require(status == 0)
        let text = String(decoding: plain, as: UTF8.self)
        let newline = try #require(text.firstIndex(of: "\n"))
        let body = edit(String(text[text.index(after: newline)...]))
        #expect(body != String(text[text.index(after: newline)...]), "the edit changed nothing")
        let header = try JSONSerialization.jsonObject(with: Data(text[..<newline].utf8)) as! [String: [String: Any]]
        let oldDigest = header["annals_snapshot"]!["digest"] as! String
        let oldBytes = header["annals_snapshot"]!["bytes"] as! Int
        let newHeader = String(text[..<newline])
            .replacingOccurrences(of: oldDigest, with: Digest.sha256Hex(Array(body.utf8)))
            .replacingOccurrences(of: "\"bytes\":\(oldBytes)", with: "\"bytes\":\(body.utf8.count)")
        let (zipped, packed, _) = try tool(
            ["gzip", "-nc"], in: file.deletingLastPathComponent(), stdin: Data((newHeader + "\n" + body).utf8))
        try #require(zipped == 0)
        try packed.write(to: file)
    }

    @Test func reviewRefusesAForgedSnapshotAndPrintsTheConsistencyProof() throws {
        let ledger = try TestLedger()
        try Self.git(ledger.root, "init", "-q", "-b", "main")
        try #require(ledger.run(["append", "--file", "-"], stdin: SnapshotCommandTests.claimInput).status == 0)
        try #require(ledger.run(["snapshot", "create", "--name", "latest"]).status == 0)
        try Self.git(ledger.root, "add", "Events", "Snapshots")
        try Self.git(ledger.root, "commit", "-q", "-m", "base")
        try #require(ledger.run(["append", "--file", "-"], stdin: SnapshotCommandTests.denial + "\n").status == 0)
        try #require(ledger.run(["snapshot", "create", "--name", "latest", "--force"]).status == 0)
        try Self.git(ledger.root, "commit", "-q", "-am", "honest head")
        let ok = try ledger.run(["review", "HEAD~1", "HEAD", "--format", "text"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("consistency of the tree of 4 records with the tree of 5"), "\(ok.stdout)")
        #expect(ok.stdout.contains("snapshots verified against HEAD's log: latest"), "\(ok.stdout)")

        let file = ledger.root.appendingPathComponent("Snapshots/latest.jsonl.gz")
        try Self.forge(file) { $0.replacingOccurrences(of: "Beta denies copying", with: "Beta admits copying") }
        #expect(try ledger.run(["snapshot", "show", "latest"]).status == 0, "the forgery passes its own digest")
        try Self.git(ledger.root, "commit", "-q", "-am", "forged snapshot")
        let bad = try ledger.run(["review", "HEAD~2", "HEAD", "--format", "text"])
        #expect(bad.status == 1, "\(bad.stdout)\(bad.stderr)")
        #expect(bad.stdout.contains("Snapshots/latest.jsonl.gz"), "\(bad.stdout)")

        // Restore proves a snapshot this clone did not make before loading it: the forgery is refused.
        let restore = try ledger.run(["snapshot", "restore", "latest"])
        #expect(restore.status == 1, "\(restore.stderr)")
        #expect(restore.stderr.contains("proving latest"), "\(restore.stderr)")
        #expect(!(try ledger.run(["timeline"]).stdout.contains("Beta admits")))
        // One it made itself is loaded at once.
        try #require(ledger.run(["snapshot", "create", "--name", "mine"]).status == 0)
        let own = try ledger.run(["snapshot", "restore", "mine"])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(!own.stderr.contains("proving"), "\(own.stderr)")
    }

    @Test func reviewRefusesADeletedPublishedCheckpointAndChecksAddedOnes() throws {
        let ledger = try TestLedger()
        try Self.git(ledger.root, "init", "-q", "-b", "main")
        try #require(ledger.run(["append", "--file", "-"], stdin: SnapshotCommandTests.claimInput).status == 0)
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        try Self.git(ledger.root, "add", "-A", "Events", "Checkpoints")
        try Self.git(ledger.root, "commit", "-q", "-m", "base")
        try #require(ledger.run(["append", "--file", "-"], stdin: SnapshotCommandTests.denial + "\n").status == 0)
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        try Self.git(ledger.root, "add", "-A", "Events", "Checkpoints")
        try Self.git(ledger.root, "commit", "-q", "-m", "head")
        let ok = try ledger.run(["review", "HEAD~1", "HEAD", "--format", "text"])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("checkpoints checked against HEAD's tree: 00000005.checkpoint"), "\(ok.stdout)")
        try Self.git(ledger.root, "rm", "-q", "Checkpoints/00000004.checkpoint")
        try Self.git(ledger.root, "commit", "-q", "-m", "drop a published checkpoint")
        let bad = try ledger.run(["review", "HEAD~1", "HEAD", "--format", "text"])
        #expect(bad.status == 1, "\(bad.stdout)\(bad.stderr)")
        #expect(
            bad.stdout.contains("deletes the published checkpoint Checkpoints/00000004.checkpoint"), "\(bad.stdout)")
    }

    @Test func restoreRefusesASnapshotOfAnotherHistory() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: SnapshotCommandTests.claimInput).status == 0)
        let other = try TestLedger()
        let otherInput = SnapshotCommandTests.claimInput.replacingOccurrences(of: "Alpha accuses", with: "Alpha blames")
        try #require(other.run(["append", "--file", "-"], stdin: otherInput).status == 0)
        try #require(other.run(["snapshot", "create", "--name", "theirs"]).status == 0)
        try FileManager.default.copyItem(
            at: other.root.appendingPathComponent("Snapshots/theirs.jsonl.gz"),
            to: ledger.root.appendingPathComponent("Snapshots/theirs.jsonl.gz"))
        let r = try ledger.run(["snapshot", "restore", "theirs"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("Merkle root"), "\(r.stderr)")
        #expect(!r.stdout.contains("restored"))
    }
}
