import Annals
import AnnalsCore

/// Renders `annals review`: the verdict, the new events with sources and quotes, the state diff.
struct ReviewRenderer {
    var format: DiffFormat

    func render(_ r: ReviewReport) {
        let diff = DiffRenderer(format: format)
        switch format {
        case .json: renderJSON(r, diff: diff)
        case .markdown, .text: Terminal.out(lines(r, diff: diff, md: format == .markdown).joined(separator: "\n"))
        }
    }

    /// JSON: the verdict, record counts, new events and the state diff as one canonical line.
    private func renderJSON(_ r: ReviewReport, diff: DiffRenderer) {
        var o: JSONObject = [
            "base": .string(r.base), "head": .string(r.head), "base_records": .integer(r.baseRecords),
            "head_records": .integer(r.headRecords), "append_only": .bool(r.violation == nil),
            "new_events": .array(r.newRecords.map(\.json)),
        ]
        o["violation"] = r.violation.map { .string($0) } ?? .null
        o["diff"] = r.diff.map(diff.json) ?? .null
        o["snapshots_verified"] = .array(r.checkedSnapshots.map { .string($0) })
        o["checkpoints_checked"] = .array(r.checkedCheckpoints.map { .string($0) })
        o["consistency"] = r.consistency?.json ?? .null
        Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
    }

    /// Markdown (`md`) or text: the verdict, then (when append-only) the new events and the diff.
    private func lines(_ r: ReviewReport, diff: DiffRenderer, md: Bool) -> [String] {
        var out = [md ? "# Ledger review: \(r.base) → \(r.head)" : "review \(r.base) → \(r.head)", ""]
        if let v = r.violation {
            out.append(md ? "**❌ Not append-only:** \(v)" : "FAILED: \(v)")
            return out
        }
        out.append(
            (md ? "**✅ Append-only:** " : "ok: append-only: ")
                + "\(Words.count(r.headRecords - r.baseRecords, "new record")) after seq \(r.baseRecords); all \(r.headRecords) "
                + "verify."
        )
        if let proof = r.consistency {
            out += ["", md ? "## Consistency proof" : "consistency proof:", ""]
            let lines = ProofText.consistency(proof)
            out += md ? ["```"] + lines + ["```"] : lines.map { "   " + $0 }
        }
        if !r.checkedSnapshots.isEmpty {
            out.append(
                (md ? "\n**Snapshots verified against HEAD's log:** " : "\nsnapshots verified against HEAD's log: ")
                    + r.checkedSnapshots.joined(separator: ", "))
        }
        if !r.checkedCheckpoints.isEmpty {
            out.append(
                (md ? "\n**Checkpoints checked against HEAD's tree:** " : "\ncheckpoints checked against HEAD's tree: ")
                    + r.checkedCheckpoints.joined(separator: ", "))
        }
        if !r.newRecords.isEmpty {
            out += ["", md ? "## New events" : "new events:", ""]
            for rec in r.newRecords {
                appendRecord(rec, diff: diff, md: md, to: &out)
                appendContext(of: rec, r.context, diff: diff, md: md, to: &out)
                out.append("")
            }
        }
        if let d = r.diff {
            out.append(
                md
                    ? diff.markdown(d, title: "\(r.base) → \(r.head)", level: 2)
                    : diff.text(d, title: "\(r.base) → \(r.head)"))
        }
        return out
    }

    /// One new record: its title, type and dates, certainty, actors, claims and sources.
    private func appendRecord(_ rec: Record, diff: DiffRenderer, md: Bool, to out: inout [String]) {
        let e = rec.event
        out.append(md ? "### \(rec.seq). \(diff.md(e.title))" : "\(rec.seq). \(e.title)")
        out.append(
            (md ? "- " : "   ")
                + "\(e.type.rawValue), occurred \(e.occurred), recorded \(rec.recorded) by "
                + "\(md ? diff.md(rec.recorder) : rec.recorder), `\(rec.id)`"
        )
        if let c = e.certainty { out.append((md ? "- certainty: " : "   certainty: ") + c) }
        if !e.actors.isEmpty {
            out.append(
                (md ? "- actors: " : "   actors: ")
                    + e.actors.map { "`\($0.entity)` (\($0.role))" }.joined(separator: ", "))
        }
        for c in e.claims {
            out.append(
                (md ? "- claim: " : "   claim: ") + "`\(c.id)` \(c.stance.rawValue)"
                    + (c.statement.map { " — \($0)" } ?? ""))
        }
        for s in e.sources {
            appendSource(s, diff: diff, md: md, to: &out)
        }
    }

    /// What a new amendment changes in the event it amends (each field before → after, and its
    /// reason), or which ban a new lift lifts and whether in part or in full.
    private func appendContext(
        of rec: Record, _ context: ReviewContext, diff: DiffRenderer, md: Bool, to out: inout [String]
    ) {
        let bullet = md ? "- " : "   "
        let text = { (s: String) in md ? diff.md(s) : s }
        if let a = context.amendments[rec.seq] {
            let verb = a.step.isRetraction ? "retracts" : "corrects"
            out.append(
                bullet + "\(verb) seq \(a.target.seq) “\(text(a.title))” (`\(a.target.id)`) — reason: "
                    + text(a.step.reason))
            for c in a.step.changes {
                out.append(
                    (md ? "  - " : "     ")
                        + "\(c.field): \(text(TableRenderer.oneLine(c.before))) → \(text(TableRenderer.oneLine(c.after)))"
                )
            }
        }
        if let l = context.lifts[rec.seq] {
            out.append(
                bullet + "lifts `\(l.ban)` “\(text(l.banTitle))” (seq \(l.banSeq)) \(l.partial ? "in part" : "in full")"
            )
        }
    }

    /// One source of a new record: a link (Markdown) or name and URL, its title and date, and
    /// its quote on a line of its own.
    private func appendSource(_ s: Source, diff: DiffRenderer, md: Bool, to out: inout [String]) {
        let name = s.publisher ?? s.title ?? s.url ?? "source"
        out.append(
            (md ? "- source: " : "   source: ")
                + (md && s.url != nil
                    ? "[\(diff.md(name))](\(diff.mdURL(s.url!)))"
                    : name + (s.url.map { " \($0)" } ?? ""))
                + (s.title.map { ", “\(md ? diff.md($0) : $0)”" } ?? "")
                + (s.published.map { ", \($0)" } ?? ""))
        if let q = s.quote { out.append(md ? "  > \(diff.md(q))" : "     “\(q)”") }
    }
}
