import Annals
import AnnalsCore
import ArgumentParser

struct Claim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "One claim in full: standing, every stance and assessment, every source and quote.")
    @OptionGroup var options: ReadOptions
    @Argument(help: ArgumentHelp("The claim id, e.g. claim:deepseek-distilled-claude.", valueName: "claim-id")) var id:
        String

    func run() throws {
        try perform {
            let (ledger, reader, state) = try options.openLedger()
            let (summary, history) = try reader.claim(id)
            let captures = try ledger.captureLookup(reader)
            let capture = { (h: ClaimHistoryEntry) in h.url.map { captures.status(url: $0, quote: h.quote) } }
            let languages = try reader.quoteLanguages(ofClaim: id)
            switch options.format {
            case .json:
                let claim = StructuredJSON.object(summary, Array(ClaimSummary.CodingKeys.allCases))
                Terminal.out(
                    "{\(StructuredJSON.stamp(state)),\n\"claim\":\(claim),\n\"history\":"
                        + "\(StructuredJSON.array(Self.events(history, capture: capture, languages: languages)))}")
            case .csv: TableRenderer.render(ResultTable(history), format: .csv)
            case .text:
                let c = summary
                Terminal.out("\(c.id): \(c.statement)")
                Terminal.out(
                    "standing: \(c.standing) (\(c.basis)); \(c.assertions) asserting, \(c.reports) reporting, "
                        + "\(c.denials) denying, \(c.acknowledgements) acknowledging, \(c.noComments) no comment; "
                        + Words.count(c.evidenceSources, "supporting source"))
                var lastEvent = ""
                for h in history {
                    if h.eventID != lastEvent {
                        lastEvent = h.eventID
                        let kind = h.kind == "assessment" ? "assessed \(h.stance)" : h.stance
                        Terminal.out("")
                        Terminal.out("\(h.occurred)  \(kind)  \(h.title)  (\(lastEvent))")
                        if case .text(let actors) = h.cell(.actors) { Terminal.out("    actors: \(actors)") }
                        if let note = h.note, !note.isEmpty { Terminal.out("    note: \(note)") }
                    }
                    let title = h.sourceTitle ?? ""
                    let source = [h.publisher ?? "", title.isEmpty ? "" : "\"\(title)\"", h.published ?? ""]
                        .filter { !$0.isEmpty }.joined(separator: ", ")
                    Terminal.out("    source: \(source) \(h.url ?? "")")
                    if let quote = h.quote, !quote.isEmpty {
                        let source = Self.language(of: h, in: languages)
                        Terminal.out("      “\(quote)”" + (source?.quoteLang.map { " [\($0)]" } ?? ""))
                        for t in source?.translations ?? [] {
                            Terminal.out("      “\(t.text)” [\(t.lang), translated by \(t.by.text)]")
                        }
                    }
                    if let status = capture(h) { Terminal.out("      \(status.text)") }
                }
            }
        }
    }

    /// The language and translations of `h`'s quote, if it has either.
    static func language(of h: ClaimHistoryEntry, in rows: [QuoteLanguageRow]) -> QuoteLanguageRow? {
        QuoteLanguageRow.matching(eventID: h.eventID, url: h.url, quote: h.quote, in: rows)
    }

    /// The history as one object per stance or assessment, its sources (the history's lines) in an
    /// array; a source with a URL carries its capture status.
    static func events(
        _ history: [ClaimHistoryEntry], capture: (ClaimHistoryEntry) -> CaptureStatus?, languages: [QuoteLanguageRow]
    ) -> [String] {
        var groups: [(entry: ClaimHistoryEntry, sources: [String])] = []
        for h in history {
            let last = groups.last?.entry
            if last?.eventID != h.eventID || last?.kind != h.kind || last?.stance != h.stance { groups.append((h, [])) }
            let fields: [(String, String?)] = [
                ("url", StructuredJSON.string(h.url)), ("publisher", StructuredJSON.string(h.publisher)),
                ("title", StructuredJSON.string(h.sourceTitle)), ("published", StructuredJSON.string(h.published)),
                ("quote", StructuredJSON.string(h.quote)),
                ("quote_lang", StructuredJSON.string(language(of: h, in: languages)?.quoteLang)),
                ("translations", language(of: h, in: languages)?.translationsJSON),
                ("capture", capture(h).map { String(decoding: CanonicalJSON.encode($0.json), as: UTF8.self) }),
            ]
            // An event without sources comes as one line with every source field NULL.
            if fields.contains(where: { $0.1 != nil }) {
                groups[groups.count - 1].sources.append(StructuredJSON.object(fields))
            }
        }
        return groups.map { h, sources in
            StructuredJSON.object([
                ("occurred", StructuredJSON.string(h.occurred)), ("kind", StructuredJSON.string(h.kind)),
                ("stance", StructuredJSON.string(h.stance)), ("title", StructuredJSON.string(h.title)),
                ("event_id", StructuredJSON.string(h.eventID)), ("note", StructuredJSON.string(h.note)),
                ("actors", StructuredJSON.actors(h.actors)), ("sources", "[" + sources.joined(separator: ",") + "]"),
            ])
        }
    }
}
