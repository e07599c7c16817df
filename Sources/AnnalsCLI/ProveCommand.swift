import Annals
import AnnalsCore
import ArgumentParser

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove a record is in the log, or that the log extends an older one (RFC 9162).",
        discussion: prose(
            """
            annals prove ID|SEQ [--size N]          inclusion of a record in the tree of N records
            annals prove --consistency OLD [NEW]    that the tree of NEW records extends that of OLD
            Sizes default to the whole log. Check a proof without the ledger with 'annals check-proof'
            against a checkpoint of the same size. --format json prints the proof to hand out: hashes
            in hex, and for inclusion the record's line, so the proof stands alone.
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Flag(help: "Prove consistency between two tree sizes instead of inclusion.") var consistency = false
    @Argument(help: ArgumentHelp("ID or SEQ; with --consistency, OLD [NEW] sizes.", valueName: "ref"))
    var values: [String] = []
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The tree size to prove inclusion in (default: the whole log).", valueName: "n"))
    var size: Int64?
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func validate() throws {
        if consistency {
            guard (1...2).contains(values.count), values.allSatisfy({ Int64($0) != nil }) else {
                throw ArgumentParser.ValidationError("--consistency takes OLD [NEW], whole numbers of records")
            }
            if size != nil { throw ArgumentParser.ValidationError("--size is for inclusion; give NEW instead") }
        } else if let size, size < 1 {
            throw ArgumentParser.ValidationError("--size must be 1 or more, got \(size)")
        } else if values.count != 1 {
            throw ArgumentParser.ValidationError("give one event id or seq (or --consistency OLD [NEW])")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            if consistency {
                let proof = try ledger.proveConsistency(
                    old: Int64(values[0])!, new: values.count > 1 ? Int64(values[1]) : nil)
                render(proof.json, text: ProofText.consistency(proof))
            } else {
                let (proof, record) = try ledger.prove(values[0], size: size)
                render(proof.json, text: ProofText.inclusion(proof, record: record))
            }
        }
    }

    private func render(_ json: JSONValue, text: [String]) {
        switch format {
        case .json, .jsonl: Terminal.writeBytes(CanonicalJSON.encode(json) + [0x0A])
        case .text:
            for line in text { Terminal.out(line) }
        }
    }
}
