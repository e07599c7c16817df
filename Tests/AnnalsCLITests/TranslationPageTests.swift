import Foundation
import Testing

/// The page of a ledger with translations and names in other languages, its DOM checked in
/// headless Chromium: the quote with its `lang`, the translation beside it with its translator,
/// `dir="auto"`/`<bdi>` on user text, and the "Names in" control showing names in the chosen language.
@Suite(
    "annals export html: languages and direction",
    .enabled(if: chromium != nil, "needs chromium: run Tools/install-test-deps.sh"))
struct TranslationPageTests {
    /// The DOM after opening event `seq` and choosing `lang` in the names control (when given).
    static func dom(_ ledger: TestLedger, seq: Int, lang: String?) throws -> String {
        let site = try TemporaryDirectory()
        let out = site.url.appendingPathComponent("site")
        let r = try ledger.run(["export", "html", "--out", out.path])
        try #require(r.status == 0, "\(r.stderr)")
        let page = out.appendingPathComponent("index.html")
        let choose =
            lang.map {
                "const s = document.getElementById('name-lang'); s.value = '\($0)'; s.dispatchEvent(new Event('change'));"
            } ?? ""
        let html = try String(contentsOf: page, encoding: .utf8).replacingOccurrences(
            of: "</body>",
            with: "<script>\(choose)document.querySelector('#timeline-list li[data-seq=\"\(seq)\"] button').click();"
                + "</script></body>")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let profile = try TemporaryDirectory()
        let (status, dom, err) = try tool(
            [
                chromium!, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.url.path)",
                "--virtual-time-budget=3000", "--dump-dom", page.absoluteString,
            ], in: profile.url)
        try #require(status == 0, "chromium failed: \(err)")
        return String(decoding: dom, as: UTF8.self)
    }

    @Test func quotesTranslationsAndNamesCarryLangAndDirection() throws {
        let ledger = try TestLedger()
        let input = TranslationCLITests.entities + TranslationCLITests.chineseReport + "\n"
        try #require(ledger.run(["append", "--file", "-"], stdin: input).status == 0)
        let dom = try Self.dom(ledger, seq: 3, lang: nil)
        #expect(dom.contains(#"<blockquote dir="auto" lang="zh-Hans">我们没有切断供水</blockquote>"#), "\(dom)")
        #expect(dom.contains(#"<blockquote dir="auto" lang="en">We did not cut the supply</blockquote>"#))
        #expect(dom.contains("Translation (en) by <bdi>Li Wei</bdi>"))
        #expect(dom.contains(#"<h3 dir="auto">Contractor denies cutting supply</h3>"#))
        #expect(dom.contains(#"<select id="name-lang">"#))
        // Default en: the entity has no English name, so the original alone.
        #expect(dom.contains("<li><bdi>Cairo Water Board</bdi> <small>(subject)</small></li>"))
        let chinese = try Self.dom(ledger, seq: 3, lang: "zh")
        #expect(
            chinese.contains(
                #"<bdi lang="zh" class="local-name">开罗水务局</bdi> <small class="original-name">(<bdi>Cairo Water Board</bdi>)</small>"#
            ), "\(chinese)")
    }

    @Test func aLedgerWithoutNamesHasNoLanguageControl() throws {
        let ledger = try TestLedger()
        let plain = TranslationCLITests.chineseReport.replacingOccurrences(
            of:
                #","quote_lang":"zh-hans","translations":[{"lang":"en","text":"We did not cut the supply","by":{"person":"Li Wei"}}]"#,
            with: "")
        let entity = Inputs.entity("org:cairo-water", "Cairo Water Board")
        try #require(ledger.run(["append", "--file", "-"], stdin: entity + "\n" + plain + "\n").status == 0)
        let dom = try Self.dom(ledger, seq: 2, lang: nil)
        #expect(!dom.contains(#"<select id="name-lang">"#))
        #expect(dom.contains(#"<blockquote dir="auto">我们没有切断供水</blockquote>"#), "\(dom)")
        #expect(dom.contains("<li><bdi>Cairo Water Board</bdi> <small>(subject)</small></li>"))
    }
}
