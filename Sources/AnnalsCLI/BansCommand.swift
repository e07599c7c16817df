import Annals
import ArgumentParser

struct Bans: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bans",
        abstract: "Bans: when each took effect, was relaxed or lifted.",
        discussion: "Example: annals bans --active-on 2025-06-01"
    )
    @OptionGroup var options: ReadOptions
    @Option(help: ArgumentHelp("Only bans in force on this date.", valueName: "date")) var activeOn: String?

    func run() throws {
        try perform {
            let (reader, state) = try options.open()
            let bans = try reader.bans(activeOn: try activeOn.map { try parseDate($0, flag: "--active-on") })
            guard options.format != .json else {
                return StructuredJSON.print(
                    state, "bans",
                    bans.map { b in
                        StructuredJSON.object([
                            ("imposed", StructuredJSON.string(b.imposed)), ("lifted", StructuredJSON.string(b.lifted)),
                            ("status", StructuredJSON.string(b.status)), ("id", StructuredJSON.string(b.id)),
                            ("authority", StructuredJSON.string(b.authority)),
                            ("targets", StructuredJSON.strings(b.targets)), ("items", StructuredJSON.strings(b.items)),
                            ("title", StructuredJSON.string(b.title)),
                        ])
                    })
            }
            TableRenderer.render(ResultTable(bans), format: options.format, width: options.width)
        }
    }
}
