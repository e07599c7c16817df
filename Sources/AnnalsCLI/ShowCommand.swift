import Annals
import AnnalsCore
import ArgumentParser

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one event in full: by id (or a unique prefix) or by seq.")

    @OptionGroup var ledgerOptions: LedgerOptions
    // Taken as unrecognised words so that a negative number reads as a seq, not as an option.
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp("An event id (ev_…, a unique prefix is enough) or a seq number.", valueName: "id|seq"))
    var refs: [String] = []
    @Option(help: "Output format: text, json or jsonl.") var format: OutputFormat = .text

    /// The words given, without a `--` that ends the options.
    private var givenRefs: [String] { refs.filter { $0 != "--" } }

    func validate() throws {
        let refs = givenRefs
        if refs.count != 1 {
            throw ArgumentParser.ValidationError(
                refs.isEmpty
                    ? "give an event id (ev_…) or a seq number"
                    : "give one event id or seq, got \(refs.count): \(refs.joined(separator: " "))")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let record = try ledger.record(givenRefs[0])
            if format == .text { return try showText(try ledger.amendedEvent(record), ledger: ledger) }
            let captures = format == .jsonl ? [] : try ledger.captures(of: record)
            switch format {
            case .jsonl: Terminal.writeBytes(CanonicalJSON.encode(record.json) + [0x0A])
            case .json:
                let state = try ledger.logState()
                let amendments = try ledger.amendments(of: record).map { CanonicalJSON.encode($0.json) }
                let text = { (bytes: [UInt8]) in String(decoding: bytes, as: UTF8.self) }
                Terminal.out(
                    "{" + StructuredJSON.stamp(state) + ",\n\"record\":" + text(CanonicalJSON.encode(record.json))
                        + ",\n\"amendments\":" + StructuredJSON.array(amendments.map(text))
                        + ",\n\"captures\":" + StructuredJSON.array(Self.captures(record, captures).map(text)) + "}")
            case .text: break
            }
        }
    }

    /// The event as it now stands (corrections applied, a retraction said first), then its
    /// history: as logged, and each amendment with the fields it changed, before → after.
    private func showText(_ amended: AmendedEvent, ledger: Ledger) throws {
        var shown = amended.original
        shown.event = amended.current
        if let r = amended.retraction {
            Terminal.out("RETRACTED by seq \(r.seq) (\(r.id)): \(r.event.amends?.reason ?? "")")
        }
        Terminal.out(EventText.detail(shown, captures: try ledger.captures(of: shown)))
        guard !amended.steps.isEmpty else { return }
        Terminal.out("  history   as logged at seq \(shown.seq), recorded \(shown.recorded)")
        for step in amended.steps {
            Terminal.out(EventText.amendmentLine(step.amendment))
            for change in step.changes {
                let (before, after) = (TableRenderer.oneLine(change.before), TableRenderer.oneLine(change.after))
                Terminal.out("              \(change.field): \(before) → \(after)")
            }
        }
    }

    /// `{"source":N,"url":…,"capture":{…}}` for each source with a URL (N counts from 1, as the text does).
    static func captures(_ record: Record, _ captures: [CaptureStatus?]) -> [[UInt8]] {
        zip(record.event.sources.indices, captures).compactMap { i, status in
            guard let url = record.event.sources[i].url, let status else { return nil }
            return CanonicalJSON.encode(
                .object(["source": .integer(Int64(i + 1)), "url": .string(url), "capture": status.json]))
        }
    }
}
