import Foundation
import Testing

/// Headless Chromium, when the machine has it (CI installs it; see .ci/run).
let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite(
    "annals export html, rendered in headless Chromium",
    .enabled(if: chromium != nil, "needs chromium: run Tools/install-test-deps.sh"))
struct ExportHTMLTests {
    /// The DOM after the page's script ran.
    func dom(_ url: String) throws -> String {
        let dir = try TemporaryDirectory()
        let (status, out, err) = try tool(
            [
                chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.url.path)",
                "--virtual-time-budget=5000", "--dump-dom", url,
            ], in: dir.url)
        try #require(status == 0, "chromium failed: \(err)")
        return String(decoding: out, as: UTF8.self)
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The selected event's details box in `dom` (the page's script, which holds the same words, left out).
    func details(_ dom: String) -> String {
        guard let start = dom.range(of: "<aside id=\"details\""),
            let end = dom[start.upperBound...].range(of: "</aside>")
        else { return "" }
        return String(dom[start.lowerBound..<end.upperBound])
    }

    @Test func theShippedLedgersPageShowsEveryEventTheClaimsAndAnAsOfControl() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let out = try TemporaryDirectory()
        let export = try Annals.run(["export", "html", "--out", out.url.path], in: repo)
        #expect(export.status == 0, "\(export.stderr)")
        let page = out.url.appendingPathComponent("index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(!html.contains("http://") || !html.contains("<script src"), "the page must load nothing from elsewhere")
        #expect(!html.contains("<link rel=\"stylesheet\""))

        // Every world event of the ledger (all but entity registrations) is on the timeline.
        let log = try Annals.run(["log", "--format", "jsonl"], in: repo)
        let ids = log.stdout.split(separator: "\n").compactMap { line -> String? in
            let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return o?["type"] as? String == "entity" ? nil : o?["id"] as? String
        }
        #expect(ids.count > 40)
        let now = try dom(page.absoluteString)
        for id in ids { #expect(now.contains("data-id=\"\(id)\""), "event \(id) missing from the timeline") }
        #expect(count("<li data-id=", in: now) == ids.count)

        // The shipped ledger has no captures: an event's sources say so, and none claims one.
        let opened = details(try dom(page.absoluteString + "#event=\(ids[0])"))
        #expect(opened.contains(#"data-capture="not-captured">Not captured"#), "\(opened)")
        #expect(!opened.contains("data-sha256") && !opened.contains("Captured "))

        // The distillation claims against DeepSeek are listed with their standing.
        #expect(now.contains(#"data-claim="claim:deepseek-distilled-claude" data-standing="alleged""#))
        #expect(now.contains(#"data-claim="claim:deepseek-distilled-openai-models" data-standing="disputed""#))

        // The as-of control changes what is shown: before OpenAI's accusation there is no such
        // claim; before DeepSeek's Nature response the claim was only alleged.
        let early = try dom(page.absoluteString + "#asof=2025-01-28")
        #expect(count("<li data-id=", in: early) < ids.count)
        #expect(!early.contains(#"data-claim="claim:deepseek-distilled-openai-models""#))
        #expect(early.contains(#"data-claim="claim:deepseek-v3-training-compute""#))
        let mid = try dom(page.absoluteString + "#asof=2025-06-01")
        #expect(mid.contains(#"data-claim="claim:deepseek-distilled-openai-models" data-standing="alleged""#))
        #expect(mid.contains(#"data-ban="ban:us-ai-diffusion-rule" data-status="lifted""#))
        #expect(mid.contains(#"data-ban="ban:us-h20-licence-requirement" data-status="in force""#))
    }

    /// A title that `append` accepts must not break the page: the embedded JSON holds no `<`.
    @Test func aTitleWithCommentAndScriptMarkupRendersAsText() throws {
        let ledger = try TestLedger()
        let title = "Comment trick <!-- <script> unclosed"
        let event = Inputs.announcement(1).replacingOccurrences(of: "Announcement 1", with: title)
        #expect(try ledger.run(["append", "--file", "-"], stdin: Inputs.base + event + "\n").status == 0)
        let out = try TemporaryDirectory()
        #expect(try ledger.run(["export", "html", "--out", out.url.path]).status == 0)
        let page = out.url.appendingPathComponent("index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(!html.contains("Comment trick <!--"), "the embedded data must not hold a raw <")
        let shown = try dom(page.absoluteString)
        #expect(count("<li data-id=", in: shown) == 1, "the event is on the timeline")
        #expect(shown.contains("Comment trick &lt;!-- &lt;script&gt; unclosed"), "the title is shown as text")
    }

    /// The page is filled in one pass: a title that looks like a placeholder stays text.
    @Test func aTitleNamingAPlaceholderIsNotExpanded() throws {
        let ledger = try TestLedger()
        let out = try TemporaryDirectory()
        let r = try ledger.run(["export", "html", "--out", out.url.path, "--title", "{{script}} {{css}}"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out.url.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("<title>{{script}} {{css}}</title>"))
        #expect(count("<style>", in: html) == 1)
        #expect(count("{{", in: html) == 4, "the title twice (head and h1), and no placeholder left unfilled")
    }
}
