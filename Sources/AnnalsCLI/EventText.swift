import Annals
import AnnalsCore
import ArgumentParser

/// Human-readable renderings of records.
enum EventText {
    /// `captures`: each source's capture status, in order (empty: not shown).
    static func detail(_ r: Record, captures: [CaptureStatus?] = []) -> String {
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
        appendSpecificPart(of: e, to: &lines)
        appendSources(of: e, captures: captures, to: &lines)
        lines.append("  hash      \(r.hash)")
        return lines.joined(separator: "\n")
    }

    /// A later correction or retraction of the event shown, as `show` lists them after it.
    static func amendmentLine(_ r: Record) -> String {
        let verb = r.event.type == .retraction ? "retracted" : "corrected"
        let reason = r.event.amends.map { ": \($0.reason)" } ?? ""
        return "  \(verb.padding(toLength: 9, withPad: " ", startingAt: 0)) by seq \(r.seq) (\(r.id)), recorded "
            + "\(r.recorded)\(reason)"
    }

    /// The lines of the event's own part: entity, release, ban, lift, assessment or amendment.
    private static func appendSpecificPart(of e: Event, to lines: inout [String]) {
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
    }

    /// The event's sources, numbered: publisher, title and date, then the URL and the quote.
    private static func appendSources(of e: Event, captures: [CaptureStatus?], to lines: inout [String]) {
        for (i, s) in e.sources.enumerated() {
            lines.append(
                "  source \(i + 1)  "
                    + [s.publisher, s.title.map { "\"\($0)\"" }, s.published?.description].compactMap { $0 }.joined(
                        separator: ", "))
            if let u = s.url { lines.append("            \(u)") }
            if let q = s.quote { lines.append("            “\(q)”" + (s.quoteLang.map { " [\($0)]" } ?? "")) }
            for t in s.translations {
                lines.append("            “\(t.text)” [\(t.lang), translated by \(t.by.text)]")
            }
            if i < captures.count, let c = captures[i] { lines.append("            \(c.text)") }
        }
    }
}
