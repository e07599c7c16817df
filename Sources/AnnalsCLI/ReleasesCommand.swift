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
            TableRenderer.render(
                ResultTable(try options.reader().releases(by: by)), format: options.format, maxWidth: 60)
        }
    }
}
