import Annals
import AnnalsCore
import Foundation
import Testing

/// Checkpoints, proofs and keys through the real binary: what an outsider can check, and the
/// forgeries that must not pass.
@Suite("Proofs for outsiders")
struct ProofCommandTests {
    /// A ledger of `count` announcements after the two entities, with origin `example.org/test`.
    static func ledger(announcements count: Int) throws -> TestLedger {
        let ledger = try TestLedger()
        try ledger.run(["init", "--origin", "example.org/test"])
        let lines = (1...count).map { Inputs.announcement($0) }.joined(separator: "\n")
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.base + lines + "\n").status == 0)
        return ledger
    }

    /// A signing key outside any git work tree, and its verifier key.
    static func key(_ ledger: TestLedger, name: String = "example.org/test", file: String = "signer.key") throws
        -> (path: String, verifier: String)
    {
        let path = ledger.dir.url.appendingPathComponent(file).path
        let r = try ledger.run(["keygen", "--name", name, "--out", path])
        try #require(r.status == 0, "\(r.stderr)")
        return (path, r.stdout.trimmingCharacters(in: .newlines))
    }

    /// Rewrites record `seq` with a new title and re-seals every record after it, as a forger
    /// with the library would: the result passes plain `verify`.
    static func rewriteAndReHash(_ ledger: TestLedger, seq: Int) throws {
        var lines = try ChainEditTests.lines(ledger)
        var prev = Digest.genesis
        for i in lines.indices {
            var record = try RecordCodec.decode(Array(lines[i].utf8)[...])
            if i == seq - 1 { record.event.title = "Rewritten history" }
            if i >= seq - 1 {
                let (sealed, line) = RecordCodec.seal(
                    record.event, id: RecordCodec.eventID(record.event), seq: record.seq, prev: prev,
                    recorded: record.recorded, recorder: record.recorder)
                lines[i] = String(decoding: line, as: UTF8.self)
                record = sealed
            }
            prev = record.hash
        }
        try ChainEditTests.write(ledger, lines)
    }

    @Test func anOutsiderChecksInclusionAndConsistencyWithOnlyCheckpoints() throws {
        let ledger = try Self.ledger(announcements: 20)
        let key = try Self.key(ledger)
        let old = try ledger.run(["checkpoint", "--sign", key.path, "--save"])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout.hasPrefix("example.org/test\n22\n"), "\(old.stdout)")
        let oldFile = ledger.root.appendingPathComponent("Checkpoints/00000022.checkpoint")
        #expect(try String(contentsOf: oldFile, encoding: .utf8) == old.stdout)
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(99) + "\n").status == 0)
        try #require(ledger.run(["checkpoint", "--sign", key.path, "--save"]).status == 0)
        let newFile = ledger.root.appendingPathComponent("Checkpoints/00000023.checkpoint")

        // Inclusion, in a folder with no ledger.
        let outside = try TemporaryDirectory()
        let proof = try ledger.run(["prove", "7", "--format", "json"])
        try #require(proof.status == 0, "\(proof.stderr)")
        let proofFile = try outside.write("proof.json", proof.stdout)
        let check = try Annals.run(
            ["check-proof", proofFile.path, "--checkpoint", newFile.path, "--key", key.verifier], in: outside.url)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("seq 7 is in the tree of 23 records"), "\(check.stdout)")
        #expect(check.stdout.contains("signed by example.org/test"), "\(check.stdout)")
        let elsewhere = try Annals.run(
            ["check-proof", proofFile.path, "--checkpoint", newFile.path, "--origin", "example.org/else"],
            in: outside.url)
        #expect(elsewhere.status == 1, "\(elsewhere.stderr)")
        #expect(elsewhere.stderr.contains(#"not "example.org/else""#), "\(elsewhere.stderr)")

        // Against the old checkpoint: a proof for its size.
        let sized = try ledger.run(["prove", "7", "--size", "22", "--format", "json"])
        let sizedFile = try outside.write("sized.json", sized.stdout)
        let record = try ledger.run(["show", "7", "--format", "json"])
        #expect(record.status == 0)
        let old22 = try Annals.run(
            ["check-proof", sizedFile.path, "--checkpoint", oldFile.path, "--key", key.verifier], in: outside.url)
        #expect(old22.status == 0, "\(old22.stderr)")
        let wrongSize = try Annals.run(["check-proof", sizedFile.path, "--checkpoint", newFile.path], in: outside.url)
        #expect(wrongSize.status == 1, "\(wrongSize.stderr)")
        #expect(wrongSize.stderr.contains("--size"), "\(wrongSize.stderr)")

        // Consistency from the old checkpoint to the new one.
        let consistency = try ledger.run(["prove", "--consistency", "22", "--format", "json"])
        let consistencyFile = try outside.write("c.json", consistency.stdout)
        let both = try Annals.run(
            [
                "check-proof", consistencyFile.path, "--checkpoint", oldFile.path, "--checkpoint", newFile.path,
                "--key", key.verifier,
            ], in: outside.url)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("the tree of 23 records of example.org/test extends the tree of 22"))
        // One end only: the other root would be the proof's own word.
        let oneEnd = try Annals.run(
            ["check-proof", consistencyFile.path, "--checkpoint", oldFile.path, "--key", key.verifier], in: outside.url)
        #expect(oneEnd.status == 1, "\(oneEnd.stderr)")
        #expect(oneEnd.stderr.contains("two checkpoints"), "\(oneEnd.stderr)")
    }

    @Test func aDamagedTreeInAnnalsNeverReachesASignedCheckpoint() throws {
        let ledger = try Self.ledger(announcements: 12)
        let key = try Self.key(ledger)
        let honest = try ledger.run(["checkpoint"]).stdout
        // Damage the leaf of seq 3 in the derived tree: its peaks (and so its seal) still check.
        let tree = try FileHandle(forUpdating: ledger.root.appendingPathComponent(".annals/tree"))
        try tree.seek(toOffset: 96)
        try tree.write(contentsOf: Data(repeating: 0x5A, count: 32))
        try tree.close()
        let sized = try ledger.run(["checkpoint", "--size", "3", "--sign", key.path, "--save"])
        #expect(sized.status == 0, "\(sized.stderr)")
        try FileManager.default.removeItem(at: ledger.root.appendingPathComponent(".annals/tree"))
        let rebuilt = try ledger.run(["checkpoint", "--size", "3"])
        #expect(sized.stdout.hasPrefix(rebuilt.stdout), "signed \(sized.stdout) vs rebuilt \(rebuilt.stdout)")
        #expect(try ledger.run(["checkpoint"]).stdout == honest)
        let verify = try ledger.run(["verify", "--checkpoint", "Checkpoints/", "--key", key.verifier])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func aRewrittenFullyReHashedLogFailsVerifyThroughItsSavedCheckpoint() throws {
        let ledger = try Self.ledger(announcements: 10)
        let key = try Self.key(ledger)
        try #require(ledger.run(["checkpoint", "--sign", key.path, "--save"]).status == 0)
        let published = ledger.root.appendingPathComponent("Checkpoints/00000012.checkpoint")
        let bytes = try Data(contentsOf: published)
        try Self.rewriteAndReHash(ledger, seq: 3)
        // The chain alone holds after a full re-hash; the saved checkpoint's root does not.
        let plain = try ledger.run(["verify"])
        #expect(plain.status == 1, "plain verify checks the saved checkpoint: \(plain.stderr)")
        #expect(plain.stderr.contains("rewritten"), "\(plain.stderr)")
        let checked = try ledger.run(["verify", "--checkpoint", "Checkpoints/", "--key", key.verifier])
        #expect(checked.status == 1, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stderr.contains("rewritten"), "\(checked.stderr)")
        // Nor will annals save a checkpoint of the rewritten log over or next to the published one.
        let save = try ledger.run(["checkpoint", "--save"])
        #expect(save.status == 1, "\(save.stderr)")
        #expect(try Data(contentsOf: published) == bytes)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: published.deletingLastPathComponent().path).count == 1)
    }

    @Test func aProofFromARewrittenLogDoesNotCheckAgainstTheOldCheckpoint() throws {
        let ledger = try Self.ledger(announcements: 10)
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        let checkpoint = ledger.root.appendingPathComponent("Checkpoints/00000012.checkpoint").path
        try Self.rewriteAndReHash(ledger, seq: 5)
        let proof = try ledger.run(["prove", "5", "--format", "json"])
        try #require(proof.status == 0, "\(proof.stderr)")
        let file = try ledger.dir.write("p.json", proof.stdout)
        let r = try Annals.run(["check-proof", file.path, "--checkpoint", checkpoint], in: ledger.dir.url)
        #expect(r.status == 1, "\(r.stderr)")
    }

    /// Hostile proofs and checkpoints: each gets one message and the documented status, and
    /// check-proof writes nothing anywhere.
    @Test(
        arguments: [
            ("index past the size", #"{"index":30,"size":12"#, 65),
            ("truncated path", "drop-path", 65),
            ("flipped path byte", "flip-path", 1),
            ("a hash of 31 bytes", "short-hash", 65),
            ("not JSON", "{nope", 65),
            ("an unknown field", "extra-field", 65),
            ("consistency sizes in the wrong order", "wrong-order", 65),
        ] as [(String, String, Int32)])
    func hostileProofs(_ label: String, _ mutation: String, _ status: Int32) throws {
        let ledger = try Self.ledger(announcements: 10)
        let checkpoint = try ledger.run(["checkpoint"]).stdout
        let checkpointFile = try ledger.dir.write("cp", checkpoint)
        var proof = try ledger.run(["prove", "4", "--format", "json"]).stdout
        let consistency = try ledger.run(["prove", "--consistency", "5", "--format", "json"]).stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(proof.utf8)) as? [String: Any])
        let path = try #require(object["path"] as? [String])
        switch mutation {
        case "drop-path":
            proof = proof.replacingOccurrences(of: "\"\(path.last!)\"", with: "").replacingOccurrences(
                of: ",]", with: "]")
        case "flip-path":
            let flipped = (path[0].first == "0" ? "1" : "0") + path[0].dropFirst()
            proof = proof.replacingOccurrences(of: path[0], with: flipped)
        case "short-hash": proof = proof.replacingOccurrences(of: path[0], with: String(path[0].dropLast(2)))
        case "extra-field": proof = proof.replacingOccurrences(of: #"{"index""#, with: #"{"evil":1,"index""#)
        case "wrong-order":
            proof = consistency.replacingOccurrences(of: #""new_size":12"#, with: #""new_size":3"#)
        default:
            proof =
                mutation.hasPrefix("{\"index\"")
                ? proof.replacingOccurrences(of: #"{"index":3"#, with: "{\"index\":30") : mutation
        }
        let file = try ledger.dir.write("proof.json", proof)
        let before = try ledger.fingerprint()
        let r = try Annals.run(["check-proof", file.path, "--checkpoint", checkpointFile.path], in: ledger.dir.url)
        #expect(r.status == status, "\(label): \(r.stderr)")
        #expect(r.stderr.components(separatedBy: "annals: error:").count == 2, "\(label): one message: \(r.stderr)")
        #expect(try ledger.fingerprint() == before)
    }

    @Test(
        arguments: [
            ("bad base64 root", "bad-base64", 65),
            ("size with leading zeros", "leading-zero", 65),
            ("another origin", "other-origin", 1),
            ("signed by another key", "other-key", 1),
            ("a flipped signature", "flip-signature", 1),
        ] as [(String, String, Int32)])
    func hostileCheckpoints(_ label: String, _ mutation: String, _ status: Int32) throws {
        let ledger = try Self.ledger(announcements: 6)
        let key = try Self.key(ledger)
        let other = try Self.key(ledger, file: "other.key")
        var checkpoint = try ledger.run(["checkpoint", "--sign", key.path]).stdout
        let lines = checkpoint.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch mutation {
        case "bad-base64":
            checkpoint = checkpoint.replacingOccurrences(of: lines[2], with: "%%%" + lines[2].dropFirst(3))
        case "leading-zero": checkpoint = checkpoint.replacingOccurrences(of: "\n8\n", with: "\n08\n")
        case "other-origin":
            checkpoint = checkpoint.replacingOccurrences(of: "example.org/test\n", with: "example.org/else\n")
        case "other-key": checkpoint = try ledger.run(["checkpoint", "--sign", other.path]).stdout
        default:
            let signature = lines[4].split(separator: " ").last!
            let flipped = (signature.hasPrefix("A") ? "B" : "A") + signature.dropFirst()
            checkpoint = checkpoint.replacingOccurrences(of: String(signature), with: flipped)
        }
        let file = try ledger.dir.write("cp", checkpoint)
        let proof = try ledger.dir.write("p.json", try ledger.run(["prove", "2", "--format", "json"]).stdout)
        let before = try ledger.fingerprint()
        let r = try Annals.run(
            ["check-proof", proof.path, "--checkpoint", file.path, "--key", key.verifier], in: ledger.dir.url)
        #expect(r.status == status, "\(label): \(r.stderr)")
        let verify = try ledger.run(["verify", "--checkpoint", file.path, "--key", key.verifier])
        #expect(verify.status == status, "\(label) (verify): \(verify.stdout)\(verify.stderr)")
        #expect(try ledger.fingerprint() == before)
    }

    @Test(
        arguments: [
            (["prove", "99"], 65), (["prove", "3", "--size", "2"], 65), (["prove", "--consistency", "9", "4"], 65),
            (["prove", "--consistency", "4", "99"], 65), (["prove", "--consistency", "x"], 64), (["prove"], 64),
        ] as [([String], Int32)])
    func provingWhatIsNotInTheLogFails(_ args: [String], _ status: Int32) throws {
        let ledger = try Self.ledger(announcements: 6)
        let r = try ledger.run(args)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func keygenRefusesTheLedgersFoldersAndGitWorkTrees() throws {
        let ledger = try Self.ledger(announcements: 1)
        for inside in ["Events/k.key", "Snapshots/k.key", ".annals/k.key", "Checkpoints/k.key", "k.key", "sub/k.key"] {
            let r = try ledger.run(["keygen", "--name", "a.org/b", "--out", inside])
            #expect(r.status == 73, "\(inside): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: ledger.root.appendingPathComponent(inside).path))
        }
        let forcedInside = try ledger.run(["keygen", "--name", "a.org/b", "--out", "k.key", "--force"])
        #expect(forcedInside.status == 73, "never into the ledger, forced or not: \(forcedInside.stderr)")
        let repo = ledger.dir.url.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        try tool(["git", "init", "-q"], in: repo)
        let inRepo = try Annals.run(["keygen", "--name", "a.org/b", "--out", "signing.key"], in: repo)
        #expect(inRepo.status == 73, "\(inRepo.stderr)")
        #expect(inRepo.stderr.contains("git work tree"), "\(inRepo.stderr)")
        // A file left at the temporary name with loose permissions does not loosen the key's.
        let stale = repo.appendingPathComponent("signing.key.tmp-0")
        try Data("x".utf8).write(to: stale)
        let forced = try Annals.run(["keygen", "--name", "a.org/b", "--out", "signing.key", "--force"], in: repo)
        #expect(forced.status == 0, "\(forced.stderr)")
        let file = repo.appendingPathComponent("signing.key").path
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try Annals.run(["keygen", "--name", "a.org/b", "--out", "signing.key", "--force"], in: repo)
        #expect(again.status == 73, "a key is never overwritten: \(again.stderr)")
        let missing = try ledger.run(["checkpoint", "--sign", "no-such.key"])
        #expect(missing.status == 66, "\(missing.stderr)")
    }

    @Test func theOriginIsSetAtInitAndFixedOnceACheckpointIsSaved() throws {
        let ledger = try TestLedger()
        let config = ledger.root.appendingPathComponent("ledger.json")
        #expect(try String(contentsOf: config, encoding: .utf8) == #"{"origin":"annals.invalid/ledger"}"# + "\n")
        try #require(ledger.run(["init", "--origin", "example.org/mine"]).status == 0)
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.base).status == 0)
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        let change = try ledger.run(["init", "--origin", "example.org/other"])
        #expect(change.status == 73, "\(change.stderr)")
        #expect(try String(contentsOf: config, encoding: .utf8).contains("example.org/mine"))
        let bad = try ledger.run(["init", "--origin", "has space"])
        #expect(bad.status == 65, "\(bad.stderr)")
    }
}
