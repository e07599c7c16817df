import Annals
import AnnalsCore
import ArgumentParser
import Foundation

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review a ledger change between two git revisions: append-only check, new events, semantic diff.",
        discussion: prose(
            """
            Exits 1 if HEAD's log is not BASE's log plus appended records (an edited, reordered or
            deleted record, named by seq) or if the new records fail verification; CI can gate on it.
            Example (in a pull request): annals review origin/main HEAD > review.md
            """)
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: "The base revision (e.g. origin/main).") var base: String
    @Argument(help: "The head revision (e.g. HEAD).") var head: String
    @Option(help: "Output format: markdown, text or json.") var format: DiffFormat = .markdown

    func run() throws {
        try perform {
            let report = try ledgerOptions.open().review(base: base, head: head)
            ReviewRenderer(format: format).render(report)
            if report.violation != nil { throw ExitCode(ExitStatus.verificationFailed.rawValue) }
        }
    }
}
