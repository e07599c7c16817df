import Annals
import AnnalsCore
import ArgumentParser

struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Print the log's checkpoint (origin, size, Merkle root), signed with --sign.",
        discussion: prose(
            """
            A checkpoint (C2SP tlog-checkpoint, as a C2SP signed note) names the whole log in three
            lines: the ledger's origin, the number of records, and the base64 RFC 9162 Merkle root of
            them. Anyone holding it can check that a record is in the log ('annals prove' then
            'annals check-proof') and that a later log extends it ('annals prove --consistency').
            --save writes it to Checkpoints/NNNNNNNN.checkpoint, after checking that every checkpoint
            already there still matches the log. A saved checkpoint is never replaced: --add-signature
            adds this key's signature to the one of the same size already saved (same body only).
            Example: annals checkpoint --sign ~/.config/annals/ai-chips.key --save
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: ArgumentHelp("Sign with the private key in this file (from 'annals keygen').", valueName: "keyfile"))
    var sign: String?
    @Flag(help: "Save it under Checkpoints/ (committed with the ledger).") var save = false
    @Flag(help: "With --save and --sign: add the signature to the checkpoint of that size already saved.")
    var addSignature = false
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The checkpoint of the first N records instead of all.", valueName: "n"))
    var size: Int64?
    @Option(help: "Output format: text (the note itself), or json.") var format: OutputFormat = .text

    func validate() throws {
        if let size, size < 0 { throw ArgumentParser.ValidationError("--size must be 0 or more, got \(size)") }
        if addSignature && (!save || sign == nil) {
            throw ArgumentParser.ValidationError(
                "--add-signature adds a signature to a saved checkpoint: give --sign KEYFILE --save")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let signer = try sign.map { try KeyFile.signer(at: $0) }
            let outcome = try ledger.checkpoint(
                size: size, signer: signer, save: save, addSignature: addSignature)
            switch format {
            case .json, .jsonl:
                let c = outcome.checkpoint
                let o: JSONObject = [
                    "origin": .string(c.origin), "size": .integer(c.size), "root": .string(Digest.hex(c.root)),
                    "note": .string(outcome.note.serialized),
                    "signed_by": .array(outcome.note.signatures.map { .string($0.name) }),
                    "saved": outcome.savedTo.map { .string($0) } ?? .null,
                ]
                Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            case .text:
                Terminal.writeBytes(Array(outcome.note.serialized.utf8))
                if let saved = outcome.savedTo { Terminal.note("saved \(saved)") }
            }
        }
    }
}
