import Annals
import AnnalsCore
import ArgumentParser

struct ExportFeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Write Atom and JSON Feed files of the newest events, and one pair per entity.",
        discussion: prose(
            """
            DIR/feed.atom (Atom, RFC 4287) and DIR/feed.json (JSON Feed 1.1) hold the newest records
            in log order, newest first, corrections and retractions included (each links to the
            entry it amends); DIR/entities/<kind>.<id>.atom and .json hold the newest events naming
            that entity (as actor, ban authority or target, or released product). Entries name
            entities and claims by their names and statements; feeds take their title, description
            and author from "title", "description" and "publisher" in ledger.json. Each feed is
            stamped with the ledger state: the Atom subtitle and an annals:state element, the JSON
            Feed description and its _annals object; --known-at-seq SEQ exports the same feed again.
            Example: annals export feed --out feeds
            """)
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var momentOptions: MomentOptions
    @Option(help: ArgumentHelp("The folder to write the feeds into (created if missing).", valueName: "dir"))
    var out: String
    @Option(parsing: .unconditional, help: ArgumentHelp("How many entries each feed holds.", valueName: "n"))
    var limit = 50
    @Flag(help: "Replace existing feed files.") var force = false
    @Option(help: "Output format of the summary: text, or json.") var format: OutputFormat = .text

    func validate() throws {
        if limit < 1 { throw ArgumentParser.ValidationError("--limit must be 1 or more, got \(limit)") }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let outcome = try ledger.exportFeeds(
                moment: try momentOptions.moment(), to: out, limit: limit, force: force)
            ExportSummary.render(
                outcome, kind: "feed", counts: [("entries", outcome.events), ("entity_feeds", outcome.secondary)],
                line:
                    "wrote \(outcome.path)/feed.atom and feed.json "
                    + "(\(Words.count(outcome.events, "entry", plural: "entries"))) and "
                    + "\(Words.count(outcome.secondary, "entity feed")) under entities/",
                format: format)
        }
    }
}
