import Foundation
import Testing

/// Atom and JSON Feed exports, the Atom files read by Python's feedparser (Debian python3-feedparser).
@Suite("annals export feed")
struct FeedExportTests {
    static let feedparserAvailable = pythonHas("feedparser")

    /// Parses each Atom file given with feedparser; prints, per file, bozo, version, the feed's
    /// title, subtitle and id, and each entry's id, title, links (rel, href) and updated time.
    static let reader = """
        import feedparser, json, sys
        result = {}
        for path in sys.argv[1:]:
            f = feedparser.parse(open(path, 'rb').read())
            result[path] = {
                'bozo': int(f.bozo), 'version': f.version, 'title': f.feed.get('title'),
                'subtitle': f.feed.get('subtitle'), 'id': f.feed.get('id'), 'updated': f.feed.get('updated'),
                'entries': [{'id': e.get('id'), 'title': e.get('title'), 'updated': e.get('updated'),
                             'published': e.get('published'), 'link': e.get('link'),
                             'content': (e.get('content') or [{}])[0].get('value'),
                             'links': [[l.get('rel'), l.get('href')] for l in e.get('links', [])]}
                            for e in f.entries]}
        print(json.dumps(result))
        """

    @Test(.enabled(if: feedparserAvailable, "needs python3-feedparser: run Tools/install-test-deps.sh"))
    func feedparserReadsTheAtomFeedsWithCorrectionsLinkedToWhatTheyAmend() throws {
        let fixture = try ExportFixture()
        let summary = try fixture.summary(["export", "feed", "--out", fixture.path("feeds"), "--limit", "10"])
        #expect(summary["entries"] as? Int == 10)
        #expect((summary["ledger"] as? [String: Any])?["seq"] as? Int == 96)
        let files = [fixture.path("feeds/feed.atom"), fixture.path("feeds/entities/org.deepseek.atom")]
        let parsed = try python(Self.reader, files, in: fixture.out.url)
        let feed = try #require(parsed[files[0]] as? [String: Any])
        #expect(feed["bozo"] as? Int == 0, "feedparser: not well-formed")
        #expect(feed["version"] as? String == "atom10")
        #expect((feed["subtitle"] as? String)?.contains("at seq 96") == true)
        #expect((feed["subtitle"] as? String)?.contains("--known-at-seq 96") == true)
        let entries = try #require(feed["entries"] as? [[String: Any]])
        #expect(feed["updated"] as? String != nil && feed["updated"] as? String == entries.first?["updated"] as? String)
        #expect(entries.count == 10)
        // Newest first: the assessment, the retraction, the correction.
        let urn = { (seq: Int) in "urn:annals:event:" + fixture.ids[seq]! }
        #expect(entries.prefix(3).map { $0["id"] as? String } == [urn(96), urn(95), urn(94)])
        let correction = entries[2]
        // Titles with & < > and quotes come back exactly as written.
        #expect(correction["title"] as? String == ExportFixture.correctionTitle)
        let links = try #require(correction["links"] as? [[String]])
        #expect(links.contains(["related", urn(60)]), "the correction links to the entry it amends: \(links)")
        #expect(links.contains(["via", "https://example.org/a"]))
        #expect(correction["link"] as? String == "https://example.org/a")
        #expect((correction["content"] as? String)?.contains("Corrects \(fixture.ids[60]!)") == true)
        let retraction = entries[1]
        #expect((retraction["links"] as? [[String]])?.contains(["related", urn(54)]) == true)

        // The entity feed: every entry names DeepSeek; the corrected R1 entry shows its new title.
        let deepseek = try #require(parsed[files[1]] as? [String: Any])
        #expect(deepseek["bozo"] as? Int == 0)
        let own = try #require(deepseek["entries"] as? [[String: Any]])
        #expect(own.count == 10)
        #expect((deepseek["id"] as? String)?.hasSuffix(":feed:org:deepseek") == true)
    }

    @Test func theJSONFeedHasTheMembersJSONFeed11Requires() throws {
        let fixture = try ExportFixture()
        try fixture.run(["export", "feed", "--out", fixture.path("feeds")])
        for name in ["feeds/feed.json", "feeds/entities/org.deepseek.json", "feeds/entities/gov.us+bis.json"] {
            let feed = try fixture.json(name)
            #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1", "\(name)")
            #expect(feed["title"] is String)
            let items = try #require(feed["items"] as? [[String: Any]], "\(name): items")
            #expect(!items.isEmpty)
            for item in items {
                #expect(item["id"] is String)
                #expect(item["content_html"] is String || item["content_text"] is String)
                for key in ["date_published", "date_modified"] {
                    let date = try #require(item[key] as? String)
                    #expect(date.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
                }
                // Every member is JSON Feed's or an extension (a key starting with _).
                let known: Set = [
                    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                    "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments",
                ]
                #expect(item.keys.allSatisfy { known.contains($0) || $0.hasPrefix("_") })
            }
            let ext = try #require(feed["_annals"] as? [String: Any])
            let ledger = try #require(ext["ledger"] as? [String: Any])
            #expect(ledger["seq"] as? Int == 96 && ledger["origin"] as? String == "annals.example/ai-chips")
            #expect((feed["description"] as? String)?.contains("--known-at-seq 96") == true)
        }
        let items = try #require(try fixture.json("feeds/feed.json")["items"] as? [[String: Any]])
        let correction = try #require(
            items.first { ($0["_annals"] as? [String: Any])?["type"] as? String == "correction" })
        let amends = try #require((correction["_annals"] as? [String: Any])?["amends"] as? [String: Any])
        #expect(amends["event_id"] as? String == fixture.ids[60])
        #expect(amends["item_id"] as? String == "urn:annals:event:" + fixture.ids[60]!)
        // The retracted event is still there, marked, and says what retracted it.
        let retracted = try #require(items.first { $0["id"] as? String == "urn:annals:event:" + fixture.ids[54]! })
        #expect((retracted["title"] as? String)?.hasPrefix("[Retracted] ") == true)
        #expect(
            ((retracted["_annals"] as? [String: Any])?["amended_by"] as? [String: Any])?["event_id"] as? String
                == fixture.ids[95])
    }

    @Test func aPastStateGivesFewerEntriesAndSaysSoAndTheSameStateGivesTheSameBytes() throws {
        let fixture = try ExportFixture()
        try fixture.run(["export", "feed", "--out", fixture.path("now"), "--limit", "500"])
        let past = try fixture.summary(
            ["export", "feed", "--out", fixture.path("past"), "--limit", "500", "--as-of", "2025-01-01"])
        let now = try #require(try fixture.json("now/feed.json")["items"] as? [Any])
        let then = try #require(try fixture.json("past/feed.json")["items"] as? [Any])
        #expect(then.count == past["entries"] as? Int)
        #expect(then.count < now.count && then.count > 0)
        let atom = String(decoding: try fixture.bytes("past/feed.atom"), as: UTF8.self)
        #expect(atom.contains(#"as-of="2025-01-01""#))
        #expect(
            atom.contains("as of 2025-01-01. Reproduce with: annals export feed --known-at-seq 96 --as-of 2025-01-01"))
        #expect(
            ((try fixture.json("past/feed.json")["_annals"] as? [String: Any])?["ledger"] as? [String: Any])?["as_of"]
                as? String == "2025-01-01")
        // Before the amendments were recorded: the stamp's seq, and the same bytes as a ledger that stops there.
        try fixture.run(["export", "feed", "--out", fixture.path("seq93"), "--known-at-seq", "93"])
        let shipped = try ExportFixture(amended: false)
        try Annals.run(["export", "feed", "--out", fixture.path("shipped")], in: shipped.ledger.url)
        for name in ["feed.atom", "feed.json", "entities/org.deepseek.atom", "entities/country.cn.json"] {
            #expect(try fixture.bytes("seq93/" + name) == fixture.bytes("shipped/" + name), "\(name)")
        }
        try fixture.run(["export", "feed", "--out", fixture.path("again"), "--limit", "500"])
        #expect(try fixture.bytes("now/feed.atom") == fixture.bytes("again/feed.atom"))
        #expect(try fixture.bytes("now/feed.json") == fixture.bytes("again/feed.json"))
    }

    @Test func existingFilesAndTheLedgersOwnFoldersAreRefused() throws {
        let fixture = try ExportFixture(amended: false)
        try fixture.run(["export", "feed", "--out", fixture.path("feeds"), "--limit", "1"])
        let before = try fixture.bytes("feeds/feed.atom")
        let again = try Annals.run(["export", "feed", "--out", fixture.path("feeds")], in: fixture.ledger.url)
        #expect(again.status == 73 && again.stderr.contains("--force"))
        #expect(try fixture.bytes("feeds/feed.atom") == before)
        try fixture.run(["export", "feed", "--out", fixture.path("feeds"), "--force"])
        #expect(try fixture.bytes("feeds/feed.atom") != before)
        let inside = try Annals.run(["export", "feed", "--out", "Events/feeds"], in: fixture.ledger.url)
        #expect(inside.status == 73 && inside.stderr.contains("Events/"))
        let zero = try Annals.run(
            ["export", "feed", "--out", fixture.path("x"), "--limit", "0"], in: fixture.ledger.url)
        #expect(zero.status != 0 && zero.stderr.contains("--limit"))
    }
}
