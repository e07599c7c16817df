import Annals
import ArgumentParser
import Foundation

enum DiffFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two states: claims and their standing, bans, releases, entities, sources.",
        discussion: prose(
            """
            A and B are each a snapshot name, a path to a .jsonl.gz snapshot, @DATE (the state as of
            that date, as known now) or 'now'. Examples:
              annals diff 2024-12-31 2025-12-31
              annals diff @2025-06-01 now --format markdown
            """)
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: "The older state.") var a: String
    @Argument(help: "The newer state.") var b: String
    @Option(help: "Output format: text, markdown or json.") var format: DiffFormat = .text

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let report = try ledger.diff(
                try DiffOperand.parse(a, in: ledger), try DiffOperand.parse(b, in: ledger))
            DiffRenderer(format: format).render(report, title: "\(a) → \(b)")
        }
    }
}
