import Annals

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
        if r.isEmpty { return out[0] + ": no changes (\(r.unchangedRows) rows identical)" }
        out.append(
            "events: \(r.eventsAdded) added, \(r.eventsChanged) changed, \(r.eventsRemoved) removed; "
                + "\(r.unchangedRows) rows unchanged"
        )
        func claims(_ heading: String, _ list: [DiffReport.Claim]) {
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
        claims("claims added:", r.claimsAdded)
        claims("claim standing changed:", r.standingChanged)
        claims("claims with new or changed evidence:", r.evidenceChanged)
        claims("claims removed:", r.claimsRemoved)
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
        if !r.sourcesAdded.isEmpty || !r.sourcesRemoved.isEmpty {
            out.append("")
            out.append("sources: \(r.sourcesAdded.count) added, \(r.sourcesRemoved.count) removed")
            for s in r.sourcesAdded {
                out.append("  + " + [s.publisher, s.title, s.url].compactMap { $0 }.joined(separator: " — "))
            }
            for s in r.sourcesRemoved {
                out.append("  - " + [s.publisher, s.title, s.url].compactMap { $0 }.joined(separator: " — "))
            }
        }
        return out.joined(separator: "\n")
    }

    func markdown(_ r: DiffReport, title: String, level: Int) -> String {
        let h = String(repeating: "#", count: level)
        var out = ["\(h) State diff: \(title)", ""]
        if r.isEmpty { return (out + ["No changes."]).joined(separator: "\n") }
        out.append("\(r.eventsAdded) events added, \(r.eventsChanged) changed, \(r.eventsRemoved) removed.")
        func claims(_ heading: String, _ list: [DiffReport.Claim]) {
            guard !list.isEmpty else { return }
            out += ["", "\(h)# \(heading)", ""]
            for c in list {
                let standing: String
                switch (c.oldStanding, c.newStanding) {
                case (let a?, let b?) where a != b: standing = "**\(a) → \(b)**"
                case (_, let b?): standing = "**\(b)**"
                case (let a?, nil): standing = "~~\(a)~~"
                default: standing = ""
                }
                out.append("- `\(c.id)` \(standing): \(md(c.statement))")
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
        claims("Claims added", r.claimsAdded)
        claims("Claim standing changed", r.standingChanged)
        claims("New or changed evidence", r.evidenceChanged)
        claims("Claims removed", r.claimsRemoved)
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
        if !r.sourcesAdded.isEmpty || !r.sourcesRemoved.isEmpty {
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
        return out.joined(separator: "\n")
    }

    /// Escapes the characters Markdown would read as markup in running text.
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

    func md(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]|<>#".contains(ch) { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }

    func json(_ r: DiffReport) -> JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        func source(_ s: DiffReport.Source) -> JSONValue {
            .object(["publisher": opt(s.publisher), "title": opt(s.title), "url": opt(s.url), "quote": opt(s.quote)])
        }
        func claim(_ c: DiffReport.Claim) -> JSONValue {
            .object([
                "id": .string(c.id), "statement": .string(c.statement), "from": opt(c.oldStanding),
                "to": opt(c.newStanding),
                "events": .array(
                    c.events.map { e in
                        .object([
                            "id": .string(e.id), "seq": .integer(e.seq), "occurred": .string(e.occurred),
                            "type": .string(e.type),
                            "title": .string(e.title), "change": .string(e.change), "stance": opt(e.stance),
                            "sources": .array(e.sources.map(source)),
                        ])
                    }),
            ])
        }
        var counts = JSONObject()
        for (table, c) in r.rowCounts.sorted(by: { $0.key < $1.key }) {
            counts[table] = .object([
                "added": .integer(Int64(c.added)), "removed": .integer(Int64(c.removed)),
                "changed": .integer(Int64(c.changed)),
            ])
        }
        return .object([
            "events": .object([
                "added": .integer(Int64(r.eventsAdded)), "changed": .integer(Int64(r.eventsChanged)),
                "removed": .integer(Int64(r.eventsRemoved)),
            ]),
            "claims_added": .array(r.claimsAdded.map(claim)), "claims_removed": .array(r.claimsRemoved.map(claim)),
            "standing_changed": .array(r.standingChanged.map(claim)),
            "evidence_changed": .array(r.evidenceChanged.map(claim)),
            "bans": .array(
                r.bans.map {
                    .object([
                        "id": .string($0.id), "change": .string($0.change), "imposed": opt($0.imposed),
                        "lifted": opt($0.lifted), "title": .string($0.title),
                    ])
                }),
            "releases": .array(
                r.releases.map {
                    .object([
                        "product": .string($0.product), "version": opt($0.version), "occurred": .string($0.occurred),
                        "change": .string($0.change), "title": .string($0.title),
                    ])
                }),
            "entities": .array(
                r.entities.map {
                    .object(["id": .string($0.id), "name": .string($0.name), "change": .string($0.change)])
                }),
            "sources_added": .array(r.sourcesAdded.map(source)),
            "sources_removed": .array(r.sourcesRemoved.map(source)),
            "rows": .object(counts), "unchanged_rows": .integer(Int64(r.unchangedRows)),
        ])
    }
}
