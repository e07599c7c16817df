import Annals
import ArgumentParser

struct Releases: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases", abstract: "Model and chip releases, in date order.")
    @OptionGroup var options: ReadOptions
    @Option(help: ArgumentHelp("Only releases by this organisation (entity id).", valueName: "entity-id")) var by:
        String?

    func run() throws {
        try perform {
            let (reader, state) = try options.open()
            let releases = try reader.releases(by: by)
            guard options.format != .json else { return StructuredJSON.print(state, "releases", releases) }
            TableRenderer.render(ResultTable(releases), format: options.format, width: options.width)
        }
    }
}
