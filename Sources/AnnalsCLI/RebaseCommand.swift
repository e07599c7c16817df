import Annals
import ArgumentParser
import Foundation

struct Rebase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebase",
        abstract: "Re-append this branch's new events on top of another revision's log.",
        discussion: prose(
            """
            REVISION's log (e.g. origin/main, already published) stays byte for byte; the events
            this branch (HEAD) added since the common ancestor are re-appended after it, with the
            same rules as 'annals merge'. Writes Events/ and stages it (git add). For hosting
            services that merge without custom drivers:
              git merge --no-commit origin/main; annals rebase --onto origin/main; git commit
            Exit status 1: the rebase was refused and nothing was changed.
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: ArgumentHelp("The revision whose log to build on (e.g. origin/main).", valueName: "revision"))
    var onto: String
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func run() throws {
        try perform {
            let report = try ledgerOptions.open().rebase(onto: onto)
            MergeRenderer(format: format).render(report, verb: "rebased this branch's events onto \(onto)")
        }
    }
}
