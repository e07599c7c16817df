import Annals
import ArgumentParser

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List logged events in log order, with filters.",
        discussion: """
            --format jsonl prints the records exactly as they are stored (canonical JSON), one per line.
            Examples:
              annals log --actor org:deepseek --from 2025-01
              annals log --type accusation --type report --format json
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(name: .customLong("type"), help: ArgumentHelp("Only events of this type (repeatable).", valueName: "type"))
    var types: [String] = []
    @Option(help: ArgumentHelp("Only events with this actor (entity id).", valueName: "entity-id")) var actor: String?
    @Option(help: ArgumentHelp("Only events that concern this claim.", valueName: "claim-id")) var claim: String?
    @Option(help: ArgumentHelp("Only events that occurred on or after this date.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Only events that occurred on or before this date.", valueName: "date")) var to: String?
    @Option(
        help: ArgumentHelp(
            "Only events recorded at or after this time (YYYY-MM-DD or UTC timestamp).", valueName: "time"))
    var recordedFrom: String?
    @Option(help: ArgumentHelp("Only events recorded at or before this time.", valueName: "time")) var recordedTo:
        String?
    @Option(help: "Output format: text, json or jsonl.") var format: OutputFormat = .text
    @Option(help: "Show at most this many events.") var limit: Int?

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
            filter.actor = actor
            filter.claim = claim
            filter.occurredFrom = try from.map { try parseDate($0, flag: "--from") }
            filter.occurredTo = try to.map { try parseDate($0, flag: "--to") }
            filter.recordedFrom = try recordedFrom.map { try parseTime($0, flag: "--recorded-from") }
            filter.recordedTo = try recordedTo.map { try parseTime($0, flag: "--recorded-to") }
            let ledger = try ledgerOptions.open()
            var renderer = RecordRenderer(format: format)
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

func parseTime(_ text: String, flag: String) throws -> Timestamp {
    do { return try Timestamp.parse(text) } catch {
        throw ArgumentParser.ValidationError("\(flag) '\(text)': \(error.message)")
    }
}

/// Renders records as text lines, a JSON array, or canonical JSON Lines.
struct RecordRenderer {
    var format: OutputFormat
    private var count = 0

    init(format: OutputFormat) { self.format = format }

    mutating func begin() { if format == .json { Terminal.writeBytes(Array("[".utf8)) } }

    mutating func row(_ record: Record) {
        switch format {
        case .text:
            let source = record.event.sources.first.map { $0.publisher ?? $0.url ?? "" } ?? ""
            Terminal.out(
                "\(pad(String(record.seq), 5)) \(pad(record.event.occurred.description, 10)) "
                    + "\(pad(record.event.type.rawValue, 12)) \(record.event.title)  [\(source)] "
                    + "\(record.id.prefix(11))"
            )
        case .json:
            Terminal.writeBytes(Array((count == 0 ? "\n" : ",\n").utf8) + CanonicalJSON.encode(record.json))
        case .jsonl:
            Terminal.writeBytes(CanonicalJSON.encode(record.json) + [0x0A])
        }
        count += 1
    }

    mutating func end() {
        if format == .json { Terminal.writeBytes(Array((count == 0 ? "]\n" : "\n]\n").utf8)) }
        if format == .text && count == 0 { Terminal.note("no events match") }
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
}
