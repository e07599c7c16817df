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
            let releases = try options.reader().releases(by: by)
            guard options.format != .json else { return StructuredJSON.print(releases) }
            TableRenderer.render(ResultTable(releases), format: options.format, maxWidth: 60)
        }
    }
}
