import Annals
import ArgumentParser

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
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
            let record = try ledgerOptions.open().record(givenRefs[0])
            switch format {
            case .json, .jsonl: Terminal.writeBytes(CanonicalJSON.encode(record.json) + [0x0A])
            case .text: Terminal.out(EventText.detail(record))
            }
        }
    }
}

/// Human-readable renderings of records.
enum EventText {
    static func detail(_ r: Record) -> String {
        let e = r.event
        var lines = [
            "\(e.type.rawValue)  \(e.title)",
            "  id        \(r.id)",
            "  seq       \(r.seq)",
            "  occurred  \(e.occurred)",
            "  recorded  \(r.recorded) by \(r.recorder)",
        ]
        if let c = e.certainty { lines.append("  certainty \(c)") }
        if let s = e.summary { lines.append("  summary   \(s)") }
        for a in e.actors { lines.append("  actor     \(a.entity) (\(a.role))") }
        for c in e.claims {
            lines.append("  claim     \(c.id) — \(c.stance.rawValue)" + (c.statement.map { ": \($0)" } ?? ""))
        }
        if let x = e.entity {
            lines.append(
                "  entity    \(x.id) \"\(x.name)\""
                    + (x.aliases.isEmpty ? "" : " aka " + x.aliases.joined(separator: ", ")))
        }
        if let x = e.release { lines.append("  release   \(x.product)" + (x.version.map { " \($0)" } ?? "")) }
        if let x = e.ban {
            lines.append(
                "  ban       \(x.id) by \(x.authority) on \(x.targets.joined(separator: ", "))"
                    + (x.effective.map { ", effective \($0)" } ?? ""))
            if !x.items.isEmpty { lines.append("  items     \(x.items.joined(separator: "; "))") }
        }
        if let x = e.lifts {
            lines.append("  lifts     \(x.ban) (\(x.scope.rawValue))" + (x.effective.map { ", effective \($0)" } ?? ""))
        }
        if let x = e.assessment {
            lines.append("  assesses  \(x.claim) as \(x.status.rawValue)" + (x.note.map { ": \($0)" } ?? ""))
        }
        if let x = e.amends {
            lines.append("  amends    \(x.event): \(x.reason)")
            if let set = x.set {
                lines.append("  sets      " + String(decoding: CanonicalJSON.encode(set.json), as: UTF8.self))
            }
        }
        for (i, s) in e.sources.enumerated() {
            lines.append(
                "  source \(i + 1)  "
                    + [s.publisher, s.title.map { "\"\($0)\"" }, s.published?.description].compactMap { $0 }.joined(
                        separator: ", "))
            if let u = s.url { lines.append("            \(u)") }
            if let q = s.quote { lines.append("            “\(q)”") }
        }
        lines.append("  hash      \(r.hash)")
        return lines.joined(separator: "\n")
    }
}
