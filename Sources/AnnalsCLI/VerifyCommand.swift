import Annals
import AnnalsCore
import ArgumentParser

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every id, hash and chain link; prove the log was only appended to.",
        discussion: prose(
            """
            Exits 1 and names the segment, line and seq of the first defect. It also checks every
            checkpoint saved in Checkpoints/: the Merkle root of the log's first N records is recomputed
            from their bytes and compared with the checkpoint's, so a log cut back, or rewritten and
            fully re-hashed, since a checkpoint was published fails. With --checkpoint (a file, or a
            folder of *.checkpoint files), checks those instead; with --key, each checkpoint must also
            carry a valid signature by one of the keys.
            Example: annals verify --checkpoint Checkpoints/ --key 'example.org/ai-chips+1a2b3c4d+AR…'
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: ArgumentHelp("A checkpoint file or folder to check the log against (repeatable).", valueName: "path"))
    var checkpoint: [String] = []
    @Option(help: ArgumentHelp("A trusted verifier key, or a file of them (repeatable).", valueName: "vkey|file"))
    var key: [String] = []
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func validate() throws {
        if !key.isEmpty && checkpoint.isEmpty {
            throw ArgumentParser.ValidationError("--key checks checkpoints: give them with --checkpoint PATH")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let progress = Progress(label: "verifying")
            var checks: [CheckpointCheck] = []
            let report: VerifyReport
            if checkpoint.isEmpty {
                (report, checks) = try ledger.verifyWithSavedCheckpoints { progress.update($0) }
            } else {
                let keys = try key.flatMap { try KeyFile.verifiers($0) }
                (report, checks) = try ledger.verify(checkpoints: checkpoint, keys: keys) { progress.update($0) }
            }
            progress.finish()
            for note in report.notes { Terminal.note(note) }
            let failed = checks.contains { $0.problem != nil }
            switch format {
            case .json, .jsonl:
                var o: JSONObject = [
                    "ok": .bool(report.ok && !failed), "segments": .integer(Int64(report.segments)),
                    "records": .integer(report.records), "head": .string(report.head),
                ]
                if let d = report.defect {
                    o["defect"] = .object([
                        "segment": .string(d.segment), "line": .integer(Int64(d.line)),
                        "seq": .integer(d.seq), "problem": .string(d.problem),
                    ])
                }
                if !checks.isEmpty { o["checkpoints"] = .array(checks.map(json)) }
                Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            case .text:
                if let d = report.defect {
                    Terminal.error("verification failed: \(d)")
                } else {
                    Terminal.out(
                        "ok: \(Words.count(report.records, "record")) in \(Words.count(report.segments, "segment")), "
                            + "chain head \(report.head)"
                    )
                    for check in checks { text(check) }
                }
            }
            if !report.ok || failed { throw ExitCode(ExitStatus.verificationFailed.rawValue) }
        }
    }

    private func json(_ check: CheckpointCheck) -> JSONValue {
        .object([
            "path": .string(check.path), "origin": .string(check.checkpoint.origin),
            "size": .integer(check.checkpoint.size), "root": .string(Digest.hex(check.checkpoint.root)),
            "ok": .bool(check.problem == nil), "signed_by": .array(check.signedBy.map { .string($0) }),
            "problem": check.problem.map { .string($0) } ?? .null,
        ])
    }

    private func text(_ check: CheckpointCheck) {
        let c = check.checkpoint
        if let problem = check.problem {
            Terminal.error("checkpoint \(check.path) (\(Words.count(c.size, "record"))) does not hold: \(problem)")
        } else {
            let signed =
                check.signedBy.isEmpty
                ? "signature not checked (pass --key)" : "signed by \(check.signedBy.joined(separator: ", "))"
            Terminal.out(
                "ok: checkpoint \(check.path): the first \(Words.count(c.size, "record")) \(c.size == 1 ? "has" : "have") its root; \(signed)"
            )
        }
    }
}
