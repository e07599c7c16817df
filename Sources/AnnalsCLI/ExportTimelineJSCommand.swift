import Annals
import ArgumentParser

struct ExportTimelineJS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timelinejs",
        abstract: "Write the timeline as a TimelineJS3 JSON file.",
        discussion: prose(
            """
            One slide per event as the timeline shows it (corrections applied, retractions left out),
            dated at its real precision, its text the summary, sources and quotes, entities by name;
            grouped by event type; each period of a ban (in force, relaxed) an era. The title slide
            gives the ledger's title and description (ledger.json); a top-level "ledger" member and a
            line of the title slide give the ledger state; --known-at-seq SEQ exports the same file again.
            Example: annals export timelinejs --out timeline.json
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
            let outcome = try ledger.exportTimelineJS(moment: try momentOptions.moment(), to: out, force: force)
            ExportSummary.render(
                outcome, kind: "timelinejs", counts: [("events", outcome.events), ("eras", outcome.secondary)],
                line: "wrote \(outcome.path): \(Words.count(outcome.events, "event")), "
                    + "\(Words.count(outcome.secondary, "ban period")) as eras",
                format: format)
        }
    }
}
