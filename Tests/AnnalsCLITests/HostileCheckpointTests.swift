import Foundation
import Testing

/// Published checkpoints: never replaced, signatures only added to the same body, a file's name
/// and size must agree, and checkpoint files are size-capped before they are read.
@Suite("Hostile checkpoint files")
struct HostileCheckpointTests {
    static func published(_ ledger: TestLedger) -> URL {
        ledger.root.appendingPathComponent("Checkpoints/00000007.checkpoint")
    }

    @Test func aSavedCheckpointIsNeverReplaced() throws {
        let ledger = try HostilePathFixture.ledger()
        let project = try HostilePathFixture.key(ledger)
        let other = try HostilePathFixture.key(ledger, file: "other.key")
        try #require(ledger.run(["checkpoint", "--sign", project.path, "--save"]).status == 0)
        let file = Self.published(ledger)
        let bytes = try Data(contentsOf: file)
        for args in [["--sign", other.path, "--save"], ["--save"]] {
            let r = try ledger.run(["checkpoint"] + args)
            #expect(r.status == 73, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("never replaced") && r.stderr.contains("--add-signature"), "\(r.stderr)")
            #expect(try Data(contentsOf: file) == bytes)
        }
        let keys = try ledger.dir.write("verifier-keys.txt", project.verifier + "\n")
        let verify = try ledger.run(["verify", "--checkpoint", "Checkpoints/", "--key", keys.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // Saving the very same note again changes nothing and succeeds.
        #expect(try ledger.run(["checkpoint", "--sign", project.path, "--save"]).status == 0)
        #expect(try Data(contentsOf: file) == bytes)
    }

    @Test func addSignatureAddsOnlyTheNewSignatureLine() throws {
        let ledger = try HostilePathFixture.ledger()
        let project = try HostilePathFixture.key(ledger)
        let witness = try HostilePathFixture.key(ledger, file: "witness.key")
        try #require(ledger.run(["checkpoint", "--sign", project.path, "--save"]).status == 0)
        let file = Self.published(ledger)
        let before = try String(contentsOf: file, encoding: .utf8)
        let r = try ledger.run(["checkpoint", "--sign", witness.path, "--save", "--add-signature"])
        #expect(r.status == 0, "\(r.stderr)")
        let after = try String(contentsOf: file, encoding: .utf8)
        #expect(after.hasPrefix(before), "the old bytes are kept as they were")
        #expect(after.split(separator: "\n").count == before.split(separator: "\n").count + 1)
        for key in [project.verifier, witness.verifier] {
            let v = try ledger.run(["verify", "--checkpoint", "Checkpoints/", "--key", key])
            #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        }
        // Adding the same signature twice adds nothing.
        #expect(try ledger.run(["checkpoint", "--sign", witness.path, "--save", "--add-signature"]).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == after)
        // --add-signature needs a key and --save.
        #expect(try ledger.run(["checkpoint", "--save", "--add-signature"]).status == 64)
    }

    /// A checkpoint file whose name says one tree size and whose body another is refused by
    /// verify and check-proof, naming both.
    @Test func aCheckpointsNameAndSizeMustAgree() throws {
        let ledger = try HostilePathFixture.ledger()
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        let folder = ledger.dir.url.appendingPathComponent("renamed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        let renamed = folder.appendingPathComponent("00000006.checkpoint")
        try FileManager.default.copyItem(at: Self.published(ledger), to: renamed)
        for path in [folder.path, renamed.path] {
            let r = try ledger.run(["verify", "--checkpoint", path])
            #expect(r.status == 1, "\(path): \(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains("6 records") && r.stderr.contains("7 records"), "\(r.stderr)")
        }
        let proof = try ledger.dir.write("p.json", try ledger.run(["prove", "3", "--format", "json"]).stdout)
        let check = try Annals.run(["check-proof", proof.path, "--checkpoint", renamed.path], in: ledger.dir.url)
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stderr.contains("6 records") && check.stderr.contains("7 records"), "\(check.stderr)")
        // The same file under its own name passes.
        let good = try Annals.run(
            ["check-proof", proof.path, "--checkpoint", Self.published(ledger).path], in: ledger.dir.url)
        #expect(good.status == 0, "\(good.stderr)")
    }

    /// A committed symbolic link in Checkpoints/ to a 1 GiB file or to a device: refused before
    /// it is read, in little memory.
    @Test(arguments: [("a 1 GiB file", Int32(65)), ("/dev/zero", 66), ("/dev/urandom", 66)])
    func aSymlinkInCheckpointsIsCappedOrRefused(_ target: String, _ status: Int32) throws {
        let ledger = try HostilePathFixture.ledger()
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        let destination =
            target.hasPrefix("/")
            ? target : try HostilePathFixture.sparse(ledger.dir.url.appendingPathComponent("huge")).path
        try FileManager.default.createSymbolicLink(
            atPath: ledger.root.path + "/Checkpoints/00000005.checkpoint", withDestinationPath: destination)
        let before = try HostilePathFixture.bytes(of: ledger)
        let r = try MeasuredRun.annals(["verify", "--checkpoint", "Checkpoints/"], in: ledger.root, lifetime: 60)
        #expect(r.status == status, "\(target): \(r.stderr)")
        #expect(r.peakBytes < 64 << 20, "\(target): peak \(r.peakBytes) bytes")
        #expect(r.stderr.contains(status == 65 ? "1 MiB" : "device"), "\(r.stderr)")
        #expect(try HostilePathFixture.bytes(of: ledger) == before)
    }

    /// A checkpoint's origin is quoted escaped in messages: no control character reaches the terminal.
    @Test func aCheckpointsOriginIsEscapedInMessages() throws {
        let ledger = try HostilePathFixture.ledger()
        let note = try ledger.run(["checkpoint"]).stdout
        let hostile = note.replacingOccurrences(of: HostilePathFixture.origin, with: "evil\u{202E}org/x")
        let file = try ledger.dir.write("hostile.checkpoint", hostile)
        let r = try ledger.run(["verify", "--checkpoint", file.path])
        #expect([1, 65].contains(r.status), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{202E}"), "\(r.stderr)")
        #expect(r.stderr.contains("evil"), "\(r.stderr)")
    }
}
