import Annals
import AnnalsCore
import ArgumentParser

struct CheckProof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-proof",
        abstract: "Check a proof against a checkpoint, with no ledger: what a reader runs.",
        discussion: prose(
            """
            Inclusion: the record (from --record, or carried in the proof) hashes to the proof's
            leaf, and the path leads from it to the root of the checkpoint of the proof's size.
            Consistency: give both checkpoints, the older and the newer (with one, the other root
            would be the proof's own word).
            With --key, each checkpoint must be signed by one of the keys; without, its signature is
            not checked (and the output says so).
            Exits 0 when it verifies, 1 when it does not, 65 when an input is malformed.
            Example: annals check-proof proof.json --checkpoint 00000093.checkpoint \\
                       --key 'example.org/ai-chips+1a2b3c4d+AR…'
            """)
    )

    @Argument(help: ArgumentHelp("The proof ('annals prove --format json'); - reads stdin.", valueName: "proof.json"))
    var proof: String
    @Option(help: ArgumentHelp("A checkpoint file (twice for both ends of a consistency proof).", valueName: "file"))
    var checkpoint: [String] = []
    @Option(help: ArgumentHelp("The record's line, or a file holding it.", valueName: "line|file")) var record: String?
    @Option(help: ArgumentHelp("A trusted verifier key, or a file of them (repeatable).", valueName: "vkey|file"))
    var key: [String] = []
    @Option(help: ArgumentHelp("The log the checkpoint must be of (its first line).", valueName: "origin"))
    var origin: String?
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func validate() throws {
        guard (1...2).contains(checkpoint.count) else {
            throw ArgumentParser.ValidationError("give the checkpoint to check against with --checkpoint FILE")
        }
    }

    func run() throws {
        try perform {
            let outcome = try ProofChecker.check(
                proofPath: proof, checkpointPaths: checkpoint, recordArgument: record, keyArguments: key,
                origin: origin)
            let origin = outcome.checkpoints.first?.origin ?? ""
            let what: String
            switch outcome.proof {
            case .inclusion(let p):
                what = "record seq \(p.index + 1) is in the tree of \(Words.count(p.size, "record")) of \(origin)"
            case .consistency(let p):
                what = "the tree of \(Words.count(p.newSize, "record")) of \(origin) extends the tree of \(p.oldSize)"
            }
            var warnings: [String] = []
            if key.isEmpty { warnings.append("the checkpoint's signature was not checked: pass --key VKEY") }
            if case .inclusion = outcome.proof, !outcome.recordChecked {
                warnings.append("only the leaf hash was checked: pass --record with the record's line")
            }
            switch format {
            case .json, .jsonl:
                let o: JSONObject = [
                    "ok": .bool(true), "proves": .string(what), "origin": .string(origin),
                    "signed_by": .array(outcome.signedBy.map { .string($0) }),
                    "record_checked": .bool(outcome.recordChecked), "warnings": .array(warnings.map { .string($0) }),
                ]
                Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            case .text:
                let signed =
                    outcome.signedBy.isEmpty
                    ? "" : " (checkpoint signed by \(outcome.signedBy.joined(separator: ", ")))"
                Terminal.out("ok: \(what)\(signed)")
                for warning in warnings { Terminal.note("warning: \(warning)") }
            }
        }
    }
}
