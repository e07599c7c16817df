import Annals
import ArgumentParser

struct Releases: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases", abstract: "Model and chip releases, in date order.")
    @OptionGroup var options: ReadOptions
    @Option(help: ArgumentHelp("Only releases by this organisation (its id, name or alias).", valueName: "entity"))
    var by: String?

    func run() throws {
        try perform {
            let (ledger, reader, state) = try options.openLedger()
            let releases = try reader.releases(
                by: try by.map { try ledger.resolveEntity($0, flag: "--by", in: reader) })
            guard options.format != .json else { return StructuredJSON.print(state, "releases", releases) }
            TableRenderer.render(ResultTable(releases), format: options.format, width: options.width)
        }
    }
}
