import Annals
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
            let (summary, history) = try options.reader().claim(id)
            switch options.format {
            case .json:
                let claim = ResultTable([summary])
                let s = TableRenderer.jsonObject(claim.columns, claim.rows[0])
                Terminal.out("{\"claim\":\(s),\"history\":\(TableRenderer.json(ResultTable(history)))}")
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
                        if let actors = h.actors, !actors.isEmpty { Terminal.out("    actors: \(actors)") }
                        if let note = h.note, !note.isEmpty { Terminal.out("    note: \(note)") }
                    }
                    let title = h.sourceTitle ?? ""
                    let source = [h.publisher ?? "", title.isEmpty ? "" : "\"\(title)\"", h.published ?? ""]
                        .filter { !$0.isEmpty }.joined(separator: ", ")
                    Terminal.out("    source: \(source) \(h.url ?? "")")
                    if let quote = h.quote, !quote.isEmpty { Terminal.out("      “\(quote)”") }
                }
            }
        }
    }
}
