import Annals
import ArgumentParser

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the ledger for people to look at.",
        subcommands: [ExportHTML.self]
    )
}
