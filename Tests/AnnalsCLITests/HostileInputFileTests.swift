import Foundation
import Testing

/// Every input file is size-capped before it is read (InputFile.read): a huge file, a device, a
/// folder, a missing file or an over-cap pipe gets one message and its documented status
/// (too big 65 with the cap named, missing or not a file 66, unreadable 74), in little memory;
/// a pipe or a process substitution (/dev/fd/N) is read like a file.
@Suite("Hostile input files")
struct HostileInputFileTests {
    /// A ledger with a saved signed checkpoint, and beside it: the checkpoint, a proof, a key
    /// file and the example mapping, each in a file.
    struct Setup {
        let ledger: TestLedger
        let key: (path: String, verifier: String)
        var dir: URL { ledger.dir.url }

        init() throws {
            ledger = try HostilePathFixture.ledger()
            key = try HostilePathFixture.key(ledger)
            let cp = try ledger.run(["checkpoint", "--sign", key.path])
            try #require(cp.status == 0, "\(cp.stderr)")
            _ = try ledger.dir.write("cp.checkpoint", cp.stdout)
            _ = try ledger.dir.write("p.json", try ledger.run(["prove", "4", "--format", "json"]).stdout)
            _ = try ledger.dir.write("keys.txt", "# water board\n" + key.verifier + "\n")
            _ = try ledger.dir.write("sheet.csv", try String(contentsOf: ImportCommandTests.sheet, encoding: .utf8))
            _ = try ledger.dir.write("map.json", try String(contentsOf: ImportCommandTests.map, encoding: .utf8))
        }

        /// `template` with HOSTILE replaced by `path`, run in the test folder.
        func run(_ template: [String], _ path: String) throws -> MeasuredRun {
            let args = template.map { $0 == "HOSTILE" ? path : $0 }
            let ledgerArgs = template[0] == "check-proof" ? [] : ["--ledger", ledger.root.path]
            return try MeasuredRun.annals(args + ledgerArgs, in: dir, lifetime: 60)
        }
    }

    /// Where a hostile file goes: each slot is one whole-file input, and the cap it should name.
    static let slots: [([String], String)] = [
        (["import", "csv", "sheet.csv", "--map", "HOSTILE", "--dry-run"], "1 MiB"),
        (["verify", "--checkpoint", "cp.checkpoint", "--key", "HOSTILE"], "64 KiB"),
        (["verify", "--checkpoint", "HOSTILE"], "1 MiB"),
        (["checkpoint", "--sign", "HOSTILE"], "64 KiB"),
        (["check-proof", "p.json", "--checkpoint", "cp.checkpoint", "--key", "HOSTILE"], "64 KiB"),
        (["check-proof", "p.json", "--checkpoint", "HOSTILE"], "1 MiB"),
        (["check-proof", "HOSTILE", "--checkpoint", "cp.checkpoint"], "8 MiB"),
        (["check-proof", "p.json", "--checkpoint", "cp.checkpoint", "--record", "HOSTILE"], "8 MiB"),
    ]

    @Test(arguments: slots)
    func aOneGiBFileIsRefusedBeforeItIsRead(_ template: [String], _ cap: String) throws {
        let setup = try Setup()
        let huge = try HostilePathFixture.sparse(setup.dir.appendingPathComponent("huge"))
        let before = try HostilePathFixture.bytes(of: setup.ledger)
        let started = Date()
        let r = try setup.run(template, huge.path)
        #expect(r.status == 65, "\(template): \(r.stderr)")
        #expect(r.stderr.contains("refusing") && r.stderr.contains(cap), "\(template): \(r.stderr)")
        #expect(r.stderr.components(separatedBy: "annals: error:").count == 2, "one message: \(r.stderr)")
        #expect(r.peakBytes < 64 << 20, "\(template): peak \(r.peakBytes) bytes")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try HostilePathFixture.bytes(of: setup.ledger) == before)
    }

    @Test(arguments: slots, ["/dev/zero", "/dev/urandom", "a folder", "missing"])
    func devicesFoldersAndMissingFilesAreNotRead(_ slot: ([String], String), _ target: String) throws {
        // A folder given to verify --checkpoint is read as a folder of checkpoints (by design).
        if target == "a folder" && slot.0 == ["verify", "--checkpoint", "HOSTILE"] { return }
        let setup = try Setup()
        let path =
            switch target {
            case "a folder": setup.dir.path
            case "missing": setup.dir.appendingPathComponent("no-such-file").path
            default: target
            }
        let r = try setup.run(slot.0, path)
        #expect(r.status == 66, "\(slot.0) \(target): \(r.stderr)")
        #expect(r.peakBytes < 64 << 20, "\(target): peak \(r.peakBytes) bytes")
        let reason = ["missing": "No such file", "a folder": "directory"][target] ?? "device"
        #expect(r.stderr.contains(reason), "\(slot.0) \(target): \(r.stderr)")
    }

    /// Process substitution (`<(cat file)`, a /dev/fd/N pipe) reads the same bytes as the file.
    @Test func processSubstitutionIsReadLikeAFile() throws {
        let setup = try Setup()
        let root = setup.ledger.root.path
        let proof = try HostilePathFixture.bash(
            #""$ANNALS" check-proof p.json --checkpoint <(cat cp.checkpoint) --key <(cat keys.txt)"#, in: setup.dir)
        #expect(proof.status == 0, "\(proof.stderr)")
        #expect(proof.stdout.contains("signed by"), "\(proof.stdout)")
        let verify = try HostilePathFixture.bash(
            #""$ANNALS" verify --ledger "\#(root)" --checkpoint <(cat cp.checkpoint) --key <(cat keys.txt)"#,
            in: setup.dir)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let direct = try Annals.run(
            ["import", "csv", "sheet.csv", "--map", "map.json", "--dry-run", "--ledger", root], in: setup.dir)
        let piped = try HostilePathFixture.bash(
            #""$ANNALS" import csv sheet.csv --map <(cat map.json) --dry-run --ledger "\#(root)""#, in: setup.dir)
        #expect(piped.status == direct.status, "\(piped.stderr) vs \(direct.stderr)")
        #expect(piped.stdout == direct.stdout)
        #expect(!piped.stderr.contains("not valid JSON"), "\(piped.stderr)")
    }

    /// A pipe over the cap is refused once the cap is passed, not read to its end.
    @Test(arguments: [
        (#"--map <(head -c 5000000 /dev/zero)"#, "import csv sheet.csv", "1 MiB"),
        (#"--key <(yes '#' | head -c 300000)"#, "check-proof p.json --checkpoint cp.checkpoint", "64 KiB"),
        (#"--checkpoint <(cat /dev/zero)"#, "check-proof p.json", "1 MiB"),
    ])
    func anOverCapPipeIsRefused(_ option: String, _ command: String, _ cap: String) throws {
        let setup = try Setup()
        let r = try HostilePathFixture.bash(
            #"exec "$ANNALS" \#(command) \#(option) \#(command.hasPrefix("import") ? "--ledger ledger" : "")"#,
            in: setup.dir)
        #expect(r.status == 65, "\(command) \(option): \(r.stderr)")
        #expect(r.stderr.contains(cap), "\(r.stderr)")
    }

    /// An unreadable file is 74 (as root every file is readable: skipped then).
    @Test func anUnreadableFileIs74() throws {
        guard getuid() != 0 else { return }
        let setup = try Setup()
        let locked = try setup.ledger.dir.write("locked.json", "{}")
        try #require(chmod(locked.path, 0) == 0)
        let r = try setup.run(["import", "csv", "sheet.csv", "--map", "HOSTILE", "--dry-run"], locked.path)
        #expect(r.status == 74, "\(r.stderr)")
    }

    /// A record that does not hash to the proof's leaf fails verification (1), whether it is
    /// given with --record or carried in the proof.
    @Test func aRecordThatIsNotTheLeafIsOneStatusHoweverGiven() throws {
        let setup = try Setup()
        let other = try setup.ledger.run(["show", "3", "--format", "jsonl"])
        try #require(other.status == 0, "\(other.stderr)")
        let record = try setup.ledger.dir.write("other.json", other.stdout)
        let given = try Annals.run(
            ["check-proof", "p.json", "--checkpoint", "cp.checkpoint", "--record", record.path], in: setup.dir)
        #expect(given.status == 1, "\(given.stderr)")
        #expect(given.stderr.contains("does not hash to the proof's leaf"), "\(given.stderr)")
        var proof = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: setup.dir.appendingPathComponent("p.json")))
                as? [String: Any])
        proof["record"] = other.stdout.trimmingCharacters(in: .newlines)
        let carried = try setup.ledger.dir.write(
            "carried.json", String(decoding: try JSONSerialization.data(withJSONObject: proof), as: UTF8.self))
        let inProof = try Annals.run(["check-proof", carried.path, "--checkpoint", "cp.checkpoint"], in: setup.dir)
        #expect(inProof.status == 1, "\(inProof.stderr)")
        #expect(inProof.stderr.contains("does not hash to the proof's leaf"), "\(inProof.stderr)")
    }
}
