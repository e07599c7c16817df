import Foundation
import Testing

/// The exported page's layout and accessibility, checked in headless Chromium at a desktop width
/// (1400 px) and a phone width (390 px) by the page's own `#a11ycheck`: no sideways scrolling,
/// ISO dates on one line and an ISO as-of control, a label on every form control, WCAG AA text
/// contrast computed from the rendered colours, a year tick for every year, no clipped text in the
/// drawings, ban labels inside or beside their bars, no overlapping event dots, no empty lane, and
/// lane colours that stay apart under protanopia, deuteranopia and tritanopia.
@Suite(
    "annals export html: layout and accessibility at desktop and phone widths",
    .enabled(if: chromium != nil, "needs chromium: run Tools/install-test-deps.sh"))
struct PageLayoutTests {
    /// What `#a11ycheck` wrote.
    struct Check {
        var ok: Bool
        var json: [String: Any]
        var failures: [String] { json["failures"] as? [String] ?? ["no failures list"] }
        var width: Int { json["innerWidth"] as? Int ?? -1 }
    }

    /// The shipped ledger's page, written into a temporary folder (kept alive by the returned value).
    static func shippedPage() throws -> (TemporaryDirectory, URL) {
        let ledger = try SiteProofTests.shippedLedger()
        let out = ledger.url.appendingPathComponent("site")
        let r = try Annals.run(["export", "html", "--out", out.path], in: ledger.url)
        #expect(r.status == 0, "\(r.stderr)")
        return (ledger, out.appendingPathComponent("index.html"))
    }

    /// Runs the page's `#a11ycheck` (after `fragment`, e.g. `asof=2024-06-01&`) at `width` px. A
    /// headless window is at least 500 px wide, so a narrower width is a page of that width in an
    /// iframe, which posts the outcome to the page around it.
    static func check(_ page: URL, width: Int, fragment: String = "") throws -> Check {
        var url = page.absoluteString + "#\(fragment)a11ycheck"
        if width < 500 {
            let frame = page.deletingLastPathComponent().appendingPathComponent("frame-\(width).html")
            try
                (#"<!doctype html><meta charset="utf-8"><body style="margin:0">"#
                + #"<iframe src="\#(page.lastPathComponent)#\#(fragment)a11ycheck" width="\#(width)" height="844" "#
                + #"style="border:0;display:block"></iframe><script>addEventListener("message", m => {"#
                + #"const o = document.createElement("output"); o.id = "a11ycheck"; "#
                + #"o.setAttribute("data-ok", m.data.ok); o.textContent = m.data.a11ycheck; "#
                + #"document.body.append(o); });</script>"#).write(to: frame, atomically: true, encoding: .utf8)
            url = frame.absoluteString
        }
        let profile = try TemporaryDirectory()
        let (status, out, err) = try tool(
            [
                chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.url.path)",
                "--virtual-time-budget=5000", "--window-size=\(width),\(width < 500 ? 844 : 900)", "--dump-dom", url,
            ], in: profile.url)
        try #require(status == 0, "chromium failed: \(err)")
        let dom = String(decoding: out, as: UTF8.self)
        // The last: the page's script names the element too.
        let start = try #require(
            dom.range(of: #"<output id="a11ycheck""#, options: .backwards), "no a11ycheck outcome in the DOM")
        let end = try #require(dom[start.upperBound...].range(of: "</output>"))
        let tag = String(dom[start.lowerBound..<end.lowerBound])
        let text = String(tag[tag.range(of: ">")!.upperBound...]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return Check(ok: tag.contains(#"data-ok="true""#), json: json)
    }

    @Test(arguments: [1400, 390])
    func theShippedLedgersPagePassesTheLayoutAndAccessibilityChecks(width: Int) throws {
        let (dir, page) = try Self.shippedPage()
        _ = dir
        let check = try Self.check(page, width: width)
        #expect(check.width == width, "the check ran at \(check.width) px")
        #expect(check.failures == [], "\(check.json)")
        #expect(check.ok)
        // Every year from the first event (2022-10-07) to the last has a tick.
        #expect(check.json["years"] as? String == "2022,2023,2024,2025,2026")
        // One lane per kind of event the ledger holds, named for its types: it has no assessments or corrections.
        let lanes = check.json["lanes"] as? [String] ?? []
        #expect(lanes.contains("Bans and lifts") && lanes.contains("Releases"))
        #expect(!lanes.contains { $0.hasPrefix("Assessments") })
        #expect(check.json["dots"] as? Int == 45)
        #expect((check.json["dates"] as? Int ?? 0) > 45, "the dates the check looked at")
        #expect((check.json["textChecked"] as? Int ?? 0) > 100, "the texts whose contrast the check computed")
        #expect((check.json["lowestContrast"] as? Double ?? 0) >= 4.5)
    }

    @Test func atAnEarlierDateTheTicksEndInThatYear() throws {
        let (dir, page) = try Self.shippedPage()
        _ = dir
        let check = try Self.check(page, width: 390, fragment: "asof=2024-06-01&")
        #expect(check.failures == [], "\(check.json)")
        #expect(check.json["years"] as? String == "2022,2023,2024")
    }

    /// The checks can fail: a page made wide, with wrapping dates, faint text, a date box that
    /// shows the locale's format and a clipped chart tick is refused at the phone width.
    @Test func aBrokenPageFailsTheChecks() throws {
        let (dir, page) = try Self.shippedPage()
        _ = dir
        var html = try String(contentsOf: page, encoding: .utf8)
        html = html.replacingOccurrences(
            of: "</style>",
            with: "time.iso{white-space:normal!important}.date{display:inline-block;width:3em}"
                + ".lede{color:#bbbbbb!important}footer{width:700px}</style>")
        html = html.replacingOccurrences(of: #"<input type="text" id="asof""#, with: #"<input type="date" id="asof""#)
        // The monthly chart without the room above its top tick.
        let chart = try #require(html.range(of: #"<svg class="chart" viewBox="0 -10 "#))
        html.replaceSubrange(chart, with: #"<svg class="chart" viewBox="0 0 "#)
        try html.write(to: page, atomically: true, encoding: .utf8)
        let check = try Self.check(page, width: 390)
        #expect(!check.ok)
        let failures = check.failures.joined(separator: "\n")
        #expect(failures.contains("px wide in a"), "\(failures)")
        #expect(failures.contains("wraps"), "\(failures)")
        #expect(failures.contains("contrast"), "\(failures)")
        #expect(failures.contains("the as-of control shows"), "\(failures)")
        #expect(failures.contains("in <svg.chart> is clipped"), "\(failures)")
    }
}
