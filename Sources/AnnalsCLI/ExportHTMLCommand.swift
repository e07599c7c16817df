import Annals
import ArgumentParser

struct ExportHTML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Write a self-contained timeline site (one index.html, no network needed to view it).",
        discussion: """
            The page shows the timeline (one lane per kind of event), the claims with their standing,
            the bans as bars, and events per month; its as-of control shows the record as it stood
            on any date. Open DIR/index.html in a browser; add #asof=YYYY-MM-DD to its address to
            open it at a date. Example: annals export html --out site
            """
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: ArgumentHelp("The folder to write index.html into (created if missing).", valueName: "dir")) var out:
        String
    @Option(help: ArgumentHelp("Export the state as of this date.", valueName: "date")) var asOf: String?
    @Option(help: "The page's title.") var title = "Annals: the AI-chip record"
    @Flag(help: "Replace an existing DIR/index.html.") var force = false

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let result = try ledger.exportSite(
                asOf: try asOf.map { try parseDate($0, flag: "--as-of") }, to: out, title: title, force: force)
            Terminal.out("wrote \(result.path): \(result.events) events, \(result.moments) dates for the as-of control")
        }
    }
}
