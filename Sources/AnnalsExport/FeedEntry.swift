/// What a feed says about one event, shared by the Atom and JSON Feed writers.
/// Entities and claims are named by their names and statements (`data`), not by their ids.
struct FeedEntry {
    var event: ExportEvent
    var data: ExportData

    /// The title, marked when the event was retracted.
    var title: String { (event.isRetracted ? "[Retracted] " : "") + event.row.title }

    /// The summary: when and what it was, its summary, what it amends or what amended it, and its stances.
    var lead: [String] {
        let row = event.row
        var lines = ["Occurred \(row.occurred) · \(row.type)" + actorsText]
        if let summary = row.summary { lines.append(summary) }
        if let target = amendedText { lines.append(target) }
        if let amender = event.amender {
            let verb = event.isRetracted ? "Retracted" : "Corrected"
            lines.append("\(verb) by \(amender.id) (\(ExportEvent.urn(amender.id))): “\(amender.title)”.")
        }
        for h in event.stances {
            let claim = data.statements[h.claimID].map { "“\($0)”" } ?? h.claimID
            lines.append(
                h.kind == "assessment"
                    ? "Assesses \(claim) as \(h.value)" + (h.note.map { ": \($0)" } ?? ".")
                    : "Stance on \(claim): \(h.value).")
        }
        return lines
    }

    /// For a correction or retraction, the sentence naming what it amends.
    var amendedText: String? {
        guard event.row.amends != nil else { return nil }
        let verb = event.row.type == "retraction" ? "Retracts" : "Corrects"
        guard let target = event.amended else { return "\(verb) record \(event.row.amends!)." }
        return "\(verb) \(target.id) (\(ExportEvent.urn(target.id))): “\(target.title)”."
    }

    private var actorsText: String {
        event.actors.isEmpty
            ? "" : " · " + event.actors.map { "\(data.name($0.entity)) (\($0.role))" }.joined(separator: ", ")
    }

    var html: String { Markup.eventHTML(lead: lead, sources: event.sources) }
    var text: String { Markup.eventText(lead: lead, sources: event.sources) }
    /// The first source's URL: the page the entry links to.
    var link: String? { event.sources.lazy.compactMap(\.url).first }
}
