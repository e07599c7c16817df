import Annals
import ArgumentParser

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the ledger for people to look at.",
        subcommands: [ExportHTML.self, ExportFeed.self, ExportTimelineJS.self, ExportJSONLD.self]
    )
}
