import Annals
import AnnalsCore

/// Renders a semantic diff as text, Markdown (for pull-request reviews) or JSON.
struct DiffRenderer {
    var format: DiffFormat

    func render(_ r: DiffReport, title: String) {
        switch format {
        case .json: Terminal.writeBytes(CanonicalJSON.encode(json(r)) + [0x0A])
        case .markdown: Terminal.out(markdown(r, title: title, level: 2))
        case .text: Terminal.out(text(r, title: title))
        }
    }

    func text(_ r: DiffReport, title: String) -> String {
        var out = ["diff \(title)"]
        if r.isEmpty { return out[0] + ": no changes (\(Words.count(r.unchangedRows, "row")) identical)" }
        out.append(
            "events: \(r.eventsAdded) added, \(r.eventsChanged) changed, \(r.eventsRemoved) removed; "
                + "\(Words.count(r.unchangedRows, "row")) unchanged"
        )
        textClaims("claims added:", r.claimsAdded, into: &out)
        textClaims("claim standing changed:", r.standingChanged, into: &out)
        textClaims("claims with new or changed evidence:", r.evidenceChanged, into: &out)
        textClaims("claims removed:", r.claimsRemoved, into: &out)
        textBansReleasesEntities(r, into: &out)
        textSources(r, into: &out)
        return out.joined(separator: "\n")
    }

    /// Text: a section of claims under `heading`, each with its events and their sources.
    private func textClaims(_ heading: String, _ list: [DiffReport.Claim], into out: inout [String]) {
        guard !list.isEmpty else { return }
        out.append("")
        out.append(heading)
        for c in list {
            let standing = [c.oldStanding, c.newStanding].compactMap { $0 }.joined(separator: " → ")
            out.append("  \(c.id) [\(standing)]: \(c.statement)")
            for e in c.events {
                out.append("    \(e.occurred)  \(e.stance ?? e.type) (\(e.change))  \(e.title)  \(e.id)")
                for s in e.sources {
                    out.append(
                        "      " + [s.publisher, s.url].compactMap { $0 }.joined(separator: " ")
                            + (s.quote.map { " — “\($0)”" } ?? ""))
                }
            }
        }
    }

    /// Text: the bans, releases and entities sections (each left out when empty).
    private func textBansReleasesEntities(_ r: DiffReport, into out: inout [String]) {
        if !r.bans.isEmpty {
            out.append("")
            out.append("bans:")
            for b in r.bans {
                out.append(
                    "  \(b.change): \(b.id) (imposed \(b.imposed ?? "?")\(b.lifted.map { ", lifted \($0)" } ?? ""))  "
                        + "\(b.title)"
                )
            }
        }
        if !r.releases.isEmpty {
            out.append("")
            out.append("releases:")
            for x in r.releases {
                out.append("  \(x.change): \(x.occurred)  \(x.product)\(x.version.map { " \($0)" } ?? "")  \(x.title)")
            }
        }
        if !r.entities.isEmpty {
            out.append("")
            out.append("entities:")
            for e in r.entities { out.append("  \(e.change): \(e.id) \(e.name)") }
        }
    }

    /// Text: the sources section, the added then the removed (left out when both are empty).
    private func textSources(_ r: DiffReport, into out: inout [String]) {
        guard !r.sourcesAdded.isEmpty || !r.sourcesRemoved.isEmpty else { return }
        out.append("")
        out.append("sources: \(r.sourcesAdded.count) added, \(r.sourcesRemoved.count) removed")
        for s in r.sourcesAdded {
            out.append("  + " + [s.publisher, s.title, s.url].compactMap { $0 }.joined(separator: " — "))
        }
        for s in r.sourcesRemoved {
            out.append("  - " + [s.publisher, s.title, s.url].compactMap { $0 }.joined(separator: " — "))
        }
    }

    func markdown(_ r: DiffReport, title: String, level: Int) -> String {
        let h = String(repeating: "#", count: level)
        var out = ["\(h) State diff: \(title)", ""]
        if r.isEmpty { return (out + ["No changes."]).joined(separator: "\n") }
        out.append(
            "\(Words.count(r.eventsAdded, "event")) added, \(r.eventsChanged) changed, \(r.eventsRemoved) removed.")
        markdownClaims("Claims added", r.claimsAdded, heading: h, into: &out)
        markdownClaims("Claim standing changed", r.standingChanged, heading: h, into: &out)
        markdownClaims("New or changed evidence", r.evidenceChanged, heading: h, into: &out)
        markdownClaims("Claims removed", r.claimsRemoved, heading: h, into: &out)
        markdownBansReleasesEntities(r, heading: h, into: &out)
        markdownSources(r, heading: h, into: &out)
        return out.joined(separator: "\n")
    }

    /// Markdown: a section of claims titled `title` (one level below `heading`), each with its
    /// events and their sources.
    private func markdownClaims(
        _ title: String, _ list: [DiffReport.Claim], heading h: String, into out: inout [String]
    ) {
        guard !list.isEmpty else { return }
        out += ["", "\(h)# \(title)", ""]
        for c in list {
            out.append("- `\(c.id)` \(markdownStanding(c)): \(md(c.statement))")
            for e in c.events {
                let what = "*\(e.stance ?? e.type)* (\(e.change))"
                out.append("  - \(e.occurred) · \(what) · \(md(e.title)) · `\(e.id)`")
                for s in e.sources {
                    let name = md(s.publisher ?? s.title ?? s.url ?? "source")
                    let link = s.url.map { "[\(name)](\(mdURL($0)))" } ?? name
                    out.append("    - \(link)" + (s.quote.map { ": “\(md($0))”" } ?? ""))
                }
            }
        }
    }

    /// Markdown: a claim's standing, in bold (old → new when it moved), struck out when removed.
    private func markdownStanding(_ c: DiffReport.Claim) -> String {
        switch (c.oldStanding, c.newStanding) {
        case (let a?, let b?) where a != b: return "**\(a) → \(b)**"
        case (_, let b?): return "**\(b)**"
        case (let a?, nil): return "~~\(a)~~"
        default: return ""
        }
    }

    /// Markdown: the bans (a table), releases and entities sections (each left out when empty).
    private func markdownBansReleasesEntities(_ r: DiffReport, heading h: String, into out: inout [String]) {
        if !r.bans.isEmpty {
            out += ["", "\(h)# Bans", "", "| change | ban | imposed | lifted | title |", "|---|---|---|---|---|"]
            for b in r.bans {
                out.append("| \(b.change) | `\(b.id)` | \(b.imposed ?? "") | \(b.lifted ?? "") | \(md(b.title)) |")
            }
        }
        if !r.releases.isEmpty {
            out += ["", "\(h)# Releases", ""]
            for x in r.releases {
                out.append(
                    "- \(x.change): \(x.occurred) `\(x.product)`\(x.version.map { " \(md($0))" } ?? "") — "
                        + "\(md(x.title))"
                )
            }
        }
        if !r.entities.isEmpty {
            out += ["", "\(h)# Entities", ""]
            for e in r.entities { out.append("- \(e.change): `\(e.id)` \(md(e.name))") }
        }
    }

    /// Markdown: the sources section, the added then the removed (left out when both are empty).
    private func markdownSources(_ r: DiffReport, heading h: String, into out: inout [String]) {
        guard !r.sourcesAdded.isEmpty || !r.sourcesRemoved.isEmpty else { return }
        out += ["", "\(h)# Sources", ""]
        for s in r.sourcesAdded {
            out.append(
                "- added: " + md([s.publisher, s.title].compactMap { $0 }.joined(separator: ", "))
                    + (s.url.map { " <\($0)>" } ?? ""))
        }
        for s in r.sourcesRemoved {
            out.append(
                "- removed: " + md([s.publisher, s.title].compactMap { $0 }.joined(separator: ", "))
                    + (s.url.map { " <\($0)>" } ?? ""))
        }
    }

    /// A URL as a Markdown link destination: parentheses and angle brackets percent-encoded, so
    /// `https://en.wikipedia.org/wiki/A_(b)` stays one whole link.
    func mdURL(_ url: String) -> String {
        var out = ""
        for ch in url.unicodeScalars {
            switch ch {
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case " ": out += "%20"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Escapes the characters Markdown would read as markup in running text.
    func md(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]|<>#".contains(ch) { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }

    func json(_ r: DiffReport) -> JSONValue {
        .object([
            "events": .object([
                "added": .integer(Int64(r.eventsAdded)), "changed": .integer(Int64(r.eventsChanged)),
                "removed": .integer(Int64(r.eventsRemoved)),
            ]),
            "claims_added": .array(r.claimsAdded.map(Self.claimJSON)),
            "claims_removed": .array(r.claimsRemoved.map(Self.claimJSON)),
            "standing_changed": .array(r.standingChanged.map(Self.claimJSON)),
            "evidence_changed": .array(r.evidenceChanged.map(Self.claimJSON)),
            "bans": .array(r.bans.map(Self.banJSON)), "releases": .array(r.releases.map(Self.releaseJSON)),
            "entities": .array(r.entities.map(Self.entityJSON)),
            "sources_added": .array(r.sourcesAdded.map(Self.sourceJSON)),
            "sources_removed": .array(r.sourcesRemoved.map(Self.sourceJSON)),
            "rows": .object(Self.rowCountsJSON(r.rowCounts)), "unchanged_rows": .integer(Int64(r.unchangedRows)),
        ])
    }

    /// JSON: a text, or null when absent.
    private static func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// JSON: a source (with the quote the event cites it for, if any).
    private static func sourceJSON(_ s: DiffReport.Source) -> JSONValue {
        .object(["publisher": opt(s.publisher), "title": opt(s.title), "url": opt(s.url), "quote": opt(s.quote)])
    }

    /// JSON: a claim, its standing before and after, and the events behind the change.
    private static func claimJSON(_ c: DiffReport.Claim) -> JSONValue {
        .object([
            "id": .string(c.id), "statement": .string(c.statement), "from": opt(c.oldStanding),
            "to": opt(c.newStanding),
            "events": .array(
                c.events.map { e in
                    .object([
                        "id": .string(e.id), "seq": .integer(e.seq), "occurred": .string(e.occurred),
                        "type": .string(e.type),
                        "title": .string(e.title), "change": .string(e.change), "stance": opt(e.stance),
                        "sources": .array(e.sources.map(sourceJSON)),
                    ])
                }),
        ])
    }

    /// JSON: a changed ban.
    private static func banJSON(_ b: DiffReport.Ban) -> JSONValue {
        .object([
            "id": .string(b.id), "change": .string(b.change), "imposed": opt(b.imposed),
            "lifted": opt(b.lifted), "title": .string(b.title),
        ])
    }

    /// JSON: a changed release.
    private static func releaseJSON(_ x: DiffReport.Release) -> JSONValue {
        .object([
            "product": .string(x.product), "version": opt(x.version), "occurred": .string(x.occurred),
            "change": .string(x.change), "title": .string(x.title),
        ])
    }

    /// JSON: a changed entity.
    private static func entityJSON(_ e: DiffReport.Entity) -> JSONValue {
        .object(["id": .string(e.id), "name": .string(e.name), "change": .string(e.change)])
    }

    /// JSON: rows added, removed and changed per table, tables in name order.
    private static func rowCountsJSON(_ rowCounts: [String: (added: Int, removed: Int, changed: Int)]) -> JSONObject {
        var counts = JSONObject()
        for (table, c) in rowCounts.sorted(by: { $0.key < $1.key }) {
            counts[table] = .object([
                "added": .integer(Int64(c.added)), "removed": .integer(Int64(c.removed)),
                "changed": .integer(Int64(c.changed)),
            ])
        }
        return counts
    }
}
