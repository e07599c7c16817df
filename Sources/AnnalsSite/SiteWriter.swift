import AnnalsCore
import Foundation

/// Writes the static site: one self-contained `index.html` (inline CSS, script, data and SVG).
public enum SiteWriter {
    /// The page's bytes: `index.html` with everything inline, headed by `title` and, when the
    /// ledger has one, its `description`.
    public static func page(_ data: SiteData, title: String, description: String? = nil) -> [UInt8] {
        // JSON inside <script> must hold no "<" at all ("</script>", "<!--" and "<script" all change
        // how the HTML parser reads the script): "\u003c" means the same in JSON.
        let json = String(decoding: CanonicalJSON.encode(data.json), as: UTF8.self).replacingOccurrences(
            of: "<", with: "\\u003c")
        // Only the lanes that hold events: the page draws no empty lane.
        let legend = data.shownLanes.map {
            #"<span><i style="background:\#($0.colour)"></i>\#(MonthlyChart.escape($0.name))</span>"#
        }.joined()
        let about = description.map { #"<p class="description">"# + paragraphs($0) + "</p>" } ?? ""
        let html = SiteTemplate.page(
            title: MonthlyChart.escape(title), description: about, dataJSON: json,
            chart: MonthlyChart.svg(data.months, lanes: data.shownLanes), legend: legend, state: stateLine(data.state))
        return Array(html.utf8)
    }

    /// A text as HTML, its line breaks kept.
    static func paragraphs(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { MonthlyChart.escape(String($0)) }
            .joined(separator: "<br>")
    }

    /// The footer's citation: the state the page was computed from and the command that writes it again.
    static func stateLine(_ state: LedgerState) -> String {
        let e = MonthlyChart.escape
        let origin = state.origin.map { "<code>\(e($0))</code> " } ?? ""
        let asOf = state.asOf.map { ", as of \(e($0.description))" } ?? ""
        return "Computed from the ledger \(origin)at seq \(state.seq), chain head "
            + "<code title=\"\(e(state.head))\">\(e(String(state.head.prefix(12))))…</code>\(asOf). "
            + "The same page again: <code>annals export html \(e(state.reproducingOptions))</code>."
    }
}
