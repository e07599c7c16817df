import Foundation
import Testing

/// The page and the exports speak the ledger's own words: its title, description and publisher
/// from ledger.json, lane names worded from the event types present, entity names (not ids) in
/// human text, every period of a ban, and JSON-LD whose nodes are all in the default graph.
/// A city's water dispute, not the shipped story.
@Suite("The page and exports in the ledger's own words")
struct OwnWordsTests {
    static let title = "Riverside water record"
    static let description = "Who contaminated the Riverside wells, and what was done about it."
    static let publisher = "The River Gazette Desk"

    /// The shipped story's words, none of which may reach a water ledger's page or exports.
    static let shippedWords = ["export control", "chip", "deepseek", "nvidia", "huawei", "semiconductor"]

    /// A water dispute: a ban partially lifted, then fully; a claim asserted, denied and assessed.
    static func ledger(publisher: Bool = true) throws -> TestLedger {
        let ledger = try TestLedger()
        let source = #""sources":[{"url":"https://example.org/water","publisher":"The River Gazette"}]"#
        let lines = [
            Inputs.entity("gov:water-dept", "Water Department", aliases: ["City Water"]),
            Inputs.entity("gov:state-agency", "State Environmental Agency", aliases: ["SEA"]),
            Inputs.entity("org:clearbrook-chemical", "Clearbrook Chemical", aliases: ["Clearbrook"]),
            Inputs.entity("org:residents", "Riverside Residents Association"),
            #"{"type":"accusation","title":"Residents accuse the plant of contaminating wells","#
                + #""occurred":"2024-03-01","actors":[{"entity":"Riverside Residents Association","role":"accuser"},"#
                + #"{"entity":"Clearbrook","role":"defendant"}],"claims":[{"id":"claim:wells","#
                + #""stance":"asserts","statement":"The plant contaminated the wells"}],\#(source)}"#,
            #"{"type":"response","title":"The plant denies contaminating wells","occurred":"2024-03-10","#
                + #""actors":[{"entity":"org:clearbrook-chemical","role":"respondent"}],"#
                + #""claims":[{"id":"claim:wells","stance":"denies"}],\#(source)}"#,
            #"{"type":"ban","title":"The agency bars discharges into the river","occurred":"2024-04-01","#
                + #""ban":{"id":"ban:discharge","authority":"gov:state-agency","#
                + #""targets":["org:clearbrook-chemical"],"#
                + #""items":["river discharges"]},\#(source)}"#,
            #"{"type":"ban-lifted","title":"The agency allows treated discharges","occurred":"2024-09-01","#
                + #""lifts":{"ban":"ban:discharge","scope":"partial"},\#(source)}"#,
            #"{"type":"ban-lifted","title":"The agency lifts the discharge ban","occurred":"2025-02-01","#
                + #""lifts":{"ban":"ban:discharge","scope":"full"},\#(source)}"#,
            #"{"type":"claim-status","title":"Inspectors confirm the contamination","occurred":"2025-03-01","#
                + #""assessment":{"claim":"claim:wells","status":"confirmed","note":"lab results"},\#(source)}"#,
        ]
        let r = try ledger.run(["append", "--file", "-"], stdin: lines.joined(separator: "\n") + "\n")
        try #require(r.status == 0, "\(r.stderr)")
        var words: [String: Any] = ["title": title, "description": description]
        if publisher { words["publisher"] = Self.publisher }
        try setConfig(ledger, words)
        return ledger
    }

    /// Sets `values` in the ledger's ledger.json, keeping its origin.
    static func setConfig(_ ledger: TestLedger, _ values: [String: Any]) throws {
        let file = ledger.root.appendingPathComponent("ledger.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        for (key, value) in values { config[key] = value }
        try JSONSerialization.data(withJSONObject: config).write(to: file)
    }

    /// The part of `html` from `open` to the next `close`.
    static func part(_ html: String, _ open: String, _ close: String) -> String {
        guard let start = html.range(of: open), let end = html[start.upperBound...].range(of: close) else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func leaks(_ text: String) -> [String] { shippedWords.filter { text.lowercased().contains($0) } }

    @Test(.enabled(if: chromium != nil, "needs chromium: run Tools/install-test-deps.sh"))
    func thePageShowsTheLedgersTitleLanesNamesAndEveryBanPeriod() throws {
        let ledger = try Self.ledger()
        let out = try TemporaryDirectory()
        let r = try ledger.run(["export", "html", "--out", out.url.path])
        #expect(r.status == 0, "\(r.stderr)")
        let page = out.url.appendingPathComponent("index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(Self.leaks(html) == [], "the shipped story's words on a water ledger's page")
        let dom = try ExportHTMLTests().dom(page.absoluteString)
        #expect(dom.contains("<title>\(Self.title)</title>") && dom.contains("<h1>\(Self.title)</h1>"))
        #expect(dom.contains(#"<p class="description">\#(Self.description)</p>"#))
        #expect(dom.contains(#"<h2 id="bans-h">Bans</h2>"#))

        // Lanes named for the types they hold: bans and their lifts, the accusation, the response, the assessment.
        let lanes = Self.part(dom, #"<svg id="lanes""#, "</svg>")
        for (key, name) in [
            ("bans", "Bans and lifts"), ("accusations", "Accusations"), ("responses", "Responses"),
            ("assessments", "Assessments"),
        ] {
            #expect(lanes.contains(#"data-lane="\#(key)">\#(name)</text>"#), "lane \(name): \(lanes)")
        }
        #expect(Self.part(dom, #"<p class="legend">"#, "</p>").contains("Bans and lifts"))

        // The ban: its title on the bar, names (not ids) in its line, and its three periods.
        let bars = Self.part(dom, #"<svg id="ban-bars""#, "</svg>")
        let list = Self.part(dom, #"<ul id="ban-list""#, "</ul>")
        let label = #"class="ban-label" data-ban="ban:discharge"[^>]*>The agency bars discharges into the river</text>"#
        #expect(bars.range(of: label, options: .regularExpression) != nil, "\(bars)")
        // Names are isolated (`<bdi>`) so a right-to-left name keeps its order; the words read the same.
        #expect(list.contains("by <bdi>State Environmental Agency</bdi>; on <bdi>Clearbrook Chemical</bdi>"), "\(list)")
        #expect(!bars.contains("org:") && !list.contains("org:") && !list.contains("gov:"))
        for (period, from, to) in [
            ("in force", "2024-04-01", "2024-09-01"), ("relaxed", "2024-09-01", "2025-02-01"),
            ("lifted", "2025-02-01", "2025-03-01"),
        ] {
            #expect(
                bars.contains(#"data-period="\#(period)" data-from="\#(from)" data-to="\#(to)""#), "\(period): \(bars)")
        }
        // Before the full lift: in force, then relaxed up to the as-of date, and no lifted period.
        let then = Self.part(
            try ExportHTMLTests().dom(page.absoluteString + "#asof=2024-10-01"), #"<svg id="ban-bars""#, "</svg>")
        #expect(then.contains(#"data-period="relaxed" data-from="2024-09-01" data-to="2024-10-01""#), "\(then)")
        #expect(!then.contains(#"data-period="lifted""#))

        // The page's own layout and accessibility checks pass with segmented bars, at both widths.
        for width in [1400, 390] {
            let check = try PageLayoutTests.check(page, width: width)
            #expect(check.failures == [], "\(width) px: \(check.json)")
            #expect(check.json["lanes"] as? [String] == ["Bans and lifts", "Accusations", "Responses", "Assessments"])
        }
    }

    @Test func feedsAndTimelineJSNameEntitiesAndClaimsAndUseTheLedgersTitle() throws {
        let ledger = try Self.ledger()
        let out = try TemporaryDirectory()
        let feeds = try ledger.run(["export", "feed", "--out", out.url.appendingPathComponent("feeds").path])
        #expect(feeds.status == 0, "\(feeds.stderr)")
        let atom = try String(contentsOf: out.url.appendingPathComponent("feeds/feed.atom"), encoding: .utf8)
        #expect(atom.contains(#"<title type="text">\#(Self.title)</title>"#))
        #expect(atom.contains("<author><name>\(Self.publisher)</name></author>"))
        #expect(
            atom.contains("Clearbrook Chemical (defendant)") && !atom.contains("org:clearbrook-chemical (defendant)"))
        let entity = try String(
            contentsOf: out.url.appendingPathComponent("feeds/entities/org.clearbrook-chemical.atom"), encoding: .utf8)
        #expect(entity.contains(#"<title type="text">\#(Self.title): Clearbrook Chemical</title>"#))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.url.appendingPathComponent("feeds/feed.json")))
                as? [String: Any])
        #expect((json["description"] as? String)?.hasPrefix(Self.description) == true)
        let texts = (json["items"] as? [[String: Any]] ?? []).compactMap { $0["content_text"] as? String }
        #expect(
            texts.contains { $0.contains("Riverside Residents Association (accuser), Clearbrook Chemical (defendant)") }
        )
        #expect(texts.contains { $0.contains("Stance on “The plant contaminated the wells”: denies.") })
        #expect(texts.contains { $0.contains("Assesses “The plant contaminated the wells” as confirmed: lab results") })
        #expect(!texts.contains { $0.contains("org:") || $0.contains("claim:wells") }, "\(texts)")
        // Ids stay in the machine fields.
        let tags = (json["items"] as? [[String: Any]] ?? []).flatMap { $0["tags"] as? [String] ?? [] }
        #expect(tags.contains("org:clearbrook-chemical"))

        let tl = try ledger.run(["export", "timelinejs", "--out", out.url.appendingPathComponent("tl.json").path])
        #expect(tl.status == 0, "\(tl.stderr)")
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.url.appendingPathComponent("tl.json")))
                as? [String: Any])
        let title = try #require((doc["title"] as? [String: Any])?["text"] as? [String: String])
        #expect(title["headline"] == Self.title)
        #expect(title["text"]?.contains(Self.description) == true)
        let slides = (doc["events"] as? [[String: Any]] ?? []).compactMap {
            ($0["text"] as? [String: String])?["text"]
        }
        #expect(slides.contains { $0.contains("Clearbrook Chemical (defendant)") })
        #expect(!slides.contains { $0.contains("org:") }, "\(slides)")
        // One era per period the ban lasted: in force, then relaxed, up to the full lift.
        let eras = try #require(doc["eras"] as? [[String: Any]])
        let eraText = eras.compactMap { ($0["text"] as? [String: String]) }
        #expect(
            eraText.map { $0["headline"] ?? "" } == [
                "The agency bars discharges into the river (in force)",
                "The agency bars discharges into the river (relaxed)",
            ])
        #expect(
            eraText.first?["text"]
                == "By State Environmental Agency on Clearbrook Chemical; in force from 2024-04-01 until 2024-09-01.")
        #expect((eras.last?["end_date"] as? [String: Int]) == ["year": 2025, "month": 2, "day": 1])
        for file in ["feeds/feed.atom", "feeds/feed.json", "tl.json"] {
            let text = try String(contentsOf: out.url.appendingPathComponent(file), encoding: .utf8)
            #expect(Self.leaks(text) == [], "\(file)")
        }
    }

    /// Reads the JSON-LD with rdflib's plain `Graph` and as a `ConjunctiveGraph` (every graph),
    /// and with pyld offline; prints the triple counts and each ClaimReview's author names.
    static let reader = """
        import json, sys, rdflib
        from pyld import jsonld
        def offline(url, options=None):
            raise RuntimeError('a document fetch was attempted: ' + url)
        jsonld.set_document_loader(offline)
        text = open(sys.argv[1]).read()
        plain = rdflib.Graph(); plain.parse(data=text, format='json-ld')
        every = rdflib.ConjunctiveGraph(); every.parse(data=text, format='json-ld')
        quads = jsonld.to_rdf(json.loads(text))
        S = rdflib.Namespace('https://schema.org/')
        reviews = [sorted(str(n) for a in plain.objects(r, S.author) for n in plain.objects(a, S.name))
                   for r in plain.subjects(rdflib.RDF.type, S.ClaimReview)]
        datasets = list(plain.subjects(rdflib.RDF.type, S.Dataset))
        d = datasets[0] if datasets else None
        print(json.dumps({'plain': len(plain), 'every': len(every), 'graphs': sorted(quads.keys()),
                          'reviews': reviews, 'datasets': len(datasets),
                          'name': str(plain.value(d, S.name)) if d else None,
                          'abstract': str(plain.value(d, S.abstract)) if d else None,
                          'publisher': [str(n) for p in plain.objects(d, S.publisher)
                                        for n in plain.objects(p, S.name)]}))
        """

    @Test(
        .enabled(
            if: JSONLDExportTests.available, "needs python3-pyld and python3-rdflib: run Tools/install-test-deps.sh"),
        arguments: [true, false])
    func jsonLDIsOneDefaultGraphAndAReviewIsAuthoredByThePublisherOrNoOne(publisher: Bool) throws {
        let ledger = try Self.ledger(publisher: publisher)
        let out = try TemporaryDirectory()
        let file = out.url.appendingPathComponent("ledger.jsonld").path
        let r = try ledger.run(["export", "jsonld", "--out", file])
        #expect(r.status == 0, "\(r.stderr)")
        let read = try python(Self.reader, [file], in: out.url)
        let plain = try #require(read["plain"] as? Int)
        #expect(plain > 40 && plain == read["every"] as? Int, "a plain Graph sees every triple: \(read)")
        #expect(read["graphs"] as? [String] == ["@default"], "every node in the default graph")
        #expect(read["datasets"] as? Int == 1)
        #expect(read["name"] as? String == Self.title && read["abstract"] as? String == Self.description)
        #expect(read["reviews"] as? [[String]] == [publisher ? [Self.publisher] : []])
        #expect(read["publisher"] as? [String] == (publisher ? [Self.publisher] : []))
        #expect(Self.leaks(try String(contentsOfFile: file, encoding: .utf8)) == [])
    }

    /// A title, description or publisher that cannot be shown is refused, naming the key; nothing is written.
    @Test(arguments: [
        ("title", "\"" + String(repeating: "x", count: 201) + "\"", "more than 200"),
        ("publisher", "5", "is not a string"),
        ("description", #""line\u001b[31m""#, "control character"),
        ("title", #""two\nlines""#, "control character"),
        ("title", #""  ""#, "is empty"),
    ])
    func aBadTitleDescriptionOrPublisherIsRefused(key: String, json: String, problem: String) throws {
        let ledger = try Self.ledger()
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        try Self.setConfig(ledger, [key: value])
        let before = try ledger.fingerprint()
        let out = try TemporaryDirectory()
        for args in [["export", "html", "--out", out.url.path], ["export", "jsonld", "--out", out.url.path + "/x"]] {
            let r = try ledger.run(args)
            #expect(r.status == 65, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("ledger.json's \"\(key)\"") && r.stderr.contains(problem), "\(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.url.path).isEmpty)
        #expect(try ledger.fingerprint() == before)
    }

    /// Setting the origin again keeps the other keys of ledger.json.
    @Test func settingTheOriginKeepsTheLedgersWords() throws {
        let ledger = try Self.ledger()
        let r = try Annals.run(["init", "--origin", "example.org/water", "ledger"], in: ledger.dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let config = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: ledger.root.appendingPathComponent("ledger.json")))
                as? [String: Any])
        #expect(config["origin"] as? String == "example.org/water")
        #expect(config["title"] as? String == Self.title && config["publisher"] as? String == Self.publisher)
    }
}
