import Annals
import AnnalsCore
import ArgumentParser

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Events in the order they happened, one line each with its main source.",
        discussion:
            "Examples:\n  annals timeline --actor org:deepseek\n  annals timeline --type ban --type ban-lifted "
            + "--as-of 2025-06-01"
    )
    @OptionGroup var options: ReadOptions
    @Option(
        help: ArgumentHelp(
            "Only events this entity is in (its id, name or alias): as an actor, or as the authority or a target "
                + "of a ban (with the ban's lifts).", valueName: "entity"))
    var actor: String?
    @Option(
        name: .customLong("type"),
        help: ArgumentHelp(
            "Only events of this type (repeatable): "
                + EventType.allCases.filter { $0 != .entity }.map(\.rawValue).joined(separator: ", ")
                + ".",
            valueName: "type"))
    var types: [String] = []
    @Option(help: ArgumentHelp("Only events that occurred on or after this date.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Only events that occurred on or before this date.", valueName: "date")) var to: String?

    func run() throws {
        try perform {
            for t in types where EventType(rawValue: t) == nil {
                throw ArgumentParser.ValidationError(
                    "unknown event type '\(t)'; use one of: "
                        + EventType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let (ledger, reader, state) = try options.openLedger()
            let entries = try reader.timeline(
                actor: try actor.map { try ledger.resolveEntity($0, flag: "--actor", in: reader) }, types: types,
                from: try from.map { try parseDate($0, flag: "--from") },
                to: try to.map { try parseDate($0, flag: "--to") })
            switch options.format {
            case .json: return StructuredJSON.print(state, "events", entries.map(json))
            case .csv: return TableRenderer.render(ResultTable(entries), format: .csv)
            case .text: break
            }
            for e in entries {
                let occurred = e.occurred.padding(toLength: 10, withPad: " ", startingAt: 0)
                let type = e.type.padding(toLength: 12, withPad: " ", startingAt: 0)
                let status = e.status == "corrected" ? " (corrected)" : ""
                Terminal.out(
                    LineFit.line(
                        "\(occurred)  \(type)  ", [e.title + status, "[\(e.mainSource ?? "")]"], width: options.width))
            }
            if entries.isEmpty { Terminal.note("no events match") }
            let registrations = types.isEmpty && actor == nil ? try reader.entityRegistrations() : 0
            if registrations > 0 && !entries.isEmpty {
                Terminal.note(
                    "\(Words.count(entries.count, "event")); the \(Words.count(registrations, "entity registration")) "
                        + "in the log \(registrations == 1 ? "is" : "are") not on the timeline ('annals entities' lists "
                        + "\(registrations == 1 ? "it" : "them"))")
            }
        }
    }

    private func json(_ e: TimelineEntry) -> String {
        StructuredJSON.object([
            ("occurred", StructuredJSON.string(e.occurred)), ("type", StructuredJSON.string(e.type)),
            ("title", StructuredJSON.string(e.title)), ("actors", StructuredJSON.actors(e.actors)),
            ("main_source", StructuredJSON.string(e.mainSource)), ("main_url", StructuredJSON.string(e.mainURL)),
            ("id", StructuredJSON.string(e.id)), ("seq", String(e.seq)), ("status", StructuredJSON.string(e.status)),
        ])
    }
}
