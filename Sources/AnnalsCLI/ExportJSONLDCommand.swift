import Annals
import AnnalsCore
import ArgumentParser

struct ExportJSONLD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jsonld",
        abstract: "Write claims, assessments and events as schema.org JSON-LD.",
        discussion: prose(
            """
            Each claim is a Claim with its appearances (the sources that assert or report it) and
            first appearance; each explicit claim-status assessment a ClaimReview (a standing the
            ledger only derived gets none; its author is "publisher" in ledger.json, or none); each
            event an Event with its sources and quotes. The context is embedded, so the file parses
            offline, and every node is in the default graph. A Dataset node carries the ledger's
            title, description and publisher (ledger.json) and its state (version, description,
            ledger); --known-at-seq SEQ exports the same file again.
            Example: annals export jsonld --out claims.jsonld
            """)
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var momentOptions: MomentOptions
    @Option(help: ArgumentHelp("The file to write.", valueName: "file")) var out: String
    @Flag(help: "Replace an existing file.") var force = false
    @Option(help: "Output format of the summary: text, or json.") var format: OutputFormat = .text

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let outcome = try ledger.exportJSONLD(moment: try momentOptions.moment(), to: out, force: force)
            ExportSummary.render(
                outcome, kind: "jsonld",
                counts: [
                    ("claims", outcome.secondary), ("claim_reviews", outcome.reviews), ("events", outcome.events),
                ],
                line: "wrote \(outcome.path): \(Words.count(outcome.secondary, "claim")), "
                    + "\(Words.count(outcome.reviews, "claim review")), \(Words.count(outcome.events, "event"))",
                format: format)
        }
    }
}
