import Annals
import AnnalsCore
import ArgumentParser

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List logged events in log order, with filters.",
        discussion: prose(
            """
            --format jsonl prints the records exactly as they are stored (canonical JSON), one per line;
            --format json prints {"ledger": {origin, seq, head}, "records": [...]}, the records up to the
            seq it names. --since gives everything after a point, for scripts that keep a copy in sync:
            pass the seq or the event id of the last record you have (an id still names the same event
            after a merge has renumbered the records).
            Examples:
              annals log --actor org:deepseek --from 2025-01
              annals log --type accusation --type report --format json
              annals log --since 93 --format jsonl
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(
        name: .customLong("type"),
        help: ArgumentHelp(
            "Only events of this type (repeatable): " + EventType.allCases.map(\.rawValue).joined(separator: ", ")
                + ".",
            valueName: "type"))
    var types: [String] = []
    @Option(
        help: ArgumentHelp(
            "Only events this entity is in (its id, name or alias): as an actor, or as the authority or a target "
                + "of a ban (with the ban's lifts).", valueName: "entity"))
    var actor: String?
    @Option(help: ArgumentHelp("Only events that concern this claim.", valueName: "claim-id")) var claim: String?
    @Option(help: ArgumentHelp("Only events that occurred on or after this date.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Only events that occurred on or before this date.", valueName: "date")) var to: String?
    @Option(
        help: ArgumentHelp(
            "Only events recorded at or after this time (YYYY-MM-DD or UTC timestamp).", valueName: "time"))
    var recordedFrom: String?
    @Option(
        help: ArgumentHelp("Only events recorded at or before this time (a day: by its end, UTC).", valueName: "time"))
    var recordedTo: String?
    @Option(
        help: ArgumentHelp(
            "Only records after this one: a seq (0: all) or an event id (ev_…, a unique prefix is enough).",
            valueName: "seq|id"))
    var since: String?
    @Option(help: "Output format: text, json or jsonl.") var format: OutputFormat = .text
    @Option(parsing: .unconditional, help: "Show at most this many events.") var limit: Int?
    @Flag(help: "Print text lines whole, however wide (default: cut to fit the terminal).") var wide = false

    func validate() throws {
        if let limit, limit < 1 { throw ArgumentParser.ValidationError("--limit must be 1 or more, got \(limit)") }
    }

    func run() throws {
        try perform {
            var filter = LogFilter()
            for t in types {
                guard let type = EventType(rawValue: t) else {
                    throw ArgumentParser.ValidationError(
                        "unknown event type '\(t)'; use one of: "
                            + EventType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                filter.types.insert(type)
            }
            filter.claim = claim
            filter.occurredFrom = try from.map { try parseDate($0, flag: "--from") }
            filter.occurredTo = try to.map { try parseDate($0, flag: "--to") }
            filter.recordedFrom = try recordedFrom.map { try parseTime($0, flag: "--recorded-from") }
            filter.recordedTo = try recordedTo.map { try parseTime($0, flag: "--recorded-to", upTo: true) }
            let ledger = try ledgerOptions.open()
            filter = try ledger.resolvingActor(actor, in: filter)
            filter.afterSeq = try since.map { try ledger.seq(since: $0) }
            let state = try ledger.logState()
            filter.throughSeq = state.seq
            var renderer = RecordRenderer(format: format, stamp: state, width: wide ? nil : Terminal.width)
            var shown = 0
            renderer.begin()
            try ledger.records(matching: filter) { record in
                renderer.row(record)
                shown += 1
                return limit.map { shown < $0 } ?? true
            }
            renderer.end()
        }
    }
}

func parseDate(_ text: String, flag: String) throws -> PartialDate {
    do { return try PartialDate.parse(text) } catch {
        throw ArgumentParser.ValidationError("\(flag) '\(text)': \(error.message)")
    }
}

func parseTime(_ text: String, flag: String, upTo: Bool = false) throws -> Timestamp {
    do { return try upTo ? Timestamp.parse(upTo: text) : Timestamp.parse(text) } catch {
        throw ArgumentParser.ValidationError("\(flag) '\(text)': \(error.message)")
    }
}
