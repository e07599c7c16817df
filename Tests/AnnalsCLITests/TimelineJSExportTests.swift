import Foundation
import Testing

/// `annals export timelinejs` against TimelineJS3's documented JSON format
/// (Fixtures/timelinejs.schema.json, checked by Python's jsonschema) and the timeline it exports.
@Suite("annals export timelinejs")
struct TimelineJSExportTests {
    static let schema = SiteProofTests.repo.appendingPathComponent(
        "Tests/AnnalsCLITests/Fixtures/timelinejs.schema.json")
    static let jsonschemaAvailable = pythonHas("jsonschema")

    /// Validates each file given against the schema; prints the errors of each.
    static let validator = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        print(json.dumps({p: [f"{list(e.absolute_path)}: {e.message[:200]}" for e in v.iter_errors(json.load(open(p)))]
                          for p in sys.argv[2:]}))
        """

    @Test(.enabled(if: jsonschemaAvailable, "needs python3-jsonschema: run Tools/install-test-deps.sh"))
    func theExportHoldsToTheDocumentedFormatAndTheSchemaRefusesOtherShapes() throws {
        let fixture = try ExportFixture()
        try fixture.run(["export", "timelinejs", "--out", fixture.path("now.json")])
        try fixture.run(["export", "timelinejs", "--out", fixture.path("past.json"), "--as-of", "2025-01-01"])
        let bad = [
            #"{"events":[{"text":{"headline":"no start date"}}]}"#,
            #"{"events":[{"start_date":"2025-01-01"}]}"#,
            #"{"events":[{"start_date":{"year":2025,"day":3}}]}"#,
            #"{"events":[{"start_date":{"year":2025},"headline":"not in text"}]}"#,
            #"{"events":[],"eras":[{"start_date":{"year":2025}}]}"#,
        ]
        let badFiles = try bad.enumerated().map { try fixture.out.write("bad\($0.offset).json", $0.element).path }
        let result = try python(
            Self.validator, [Self.schema.path, fixture.path("now.json"), fixture.path("past.json")] + badFiles,
            in: fixture.out.url)
        #expect((result[fixture.path("now.json")] as? [String])?.isEmpty == true, "\(result)")
        #expect((result[fixture.path("past.json")] as? [String])?.isEmpty == true, "\(result)")
        for file in badFiles { #expect((result[file] as? [String])?.isEmpty == false, "\(file) should be refused") }
    }

    @Test func slidesAreTheTimelinesEventsAtTheirRealPrecisionAndErasTheBans() throws {
        let fixture = try ExportFixture()
        try fixture.run(["export", "timelinejs", "--out", fixture.path("t.json")])
        let doc = try fixture.json("t.json")
        let slides = try #require(doc["events"] as? [[String: Any]])
        let timeline = try #require(
            (try JSONSerialization.jsonObject(
                with: Data(try fixture.run(["timeline", "--format", "json"]).stdout.utf8))
                as? [String: Any])?["events"] as? [[String: Any]])
        // The same events in the same order: corrections applied, the retracted one left out.
        #expect(slides.map { $0["unique_id"] as? String } == timeline.map { $0["id"] as? String })
        #expect(!slides.contains { $0["unique_id"] as? String == fixture.ids[54] })
        // Each start_date holds exactly the fields its date's precision has.
        for (slide, row) in zip(slides, timeline) {
            let occurred = try #require(row["occurred"] as? String)
            let start = try #require(slide["start_date"] as? [String: Int])
            let expected: [String] =
                switch occurred.count {
                case 4: ["year"]
                case 7: ["year", "month"]
                case 10: ["year", "month", "day"]
                default: ["year", "month", "day", "hour", "minute", "second"]
                }
            #expect(Set(start.keys) == Set(expected), "\(occurred): \(start)")
            let parts = occurred.prefix(10).split(separator: "-").map { Int($0)! }
            #expect(parts == expected.prefix(3).map { start[$0]! }, "\(occurred): \(start)")
            #expect(slide["group"] as? String == row["type"] as? String)
        }
        let r1 = try #require(slides.first { $0["unique_id"] as? String == fixture.ids[60] })
        #expect((r1["start_date"] as? [String: Int]) == ["year": 2025], "the corrected date is a year")
        let text = try #require(r1["text"] as? [String: String])
        #expect(
            text["headline"]
                == "DeepSeek releases R1 &amp; &lt;R1-Zero&gt; &quot;reasoning&quot; models, &#39;open&#39; weights")
        #expect(text["text"]?.contains(#"<a href="https://ai-tldr.dev/models/deepseek-r1/">"#) == true)
        #expect(text["text"]?.contains("<blockquote>“DeepSeek-R1 is DeepSeek&#39;s first-generation") == true)
        let month = try #require(slides.first { ($0["start_date"] as? [String: Int])?.count == 2 })
        #expect((month["start_date"] as? [String: Int])?["day"] == nil)

        let bans = try #require(
            (try JSONSerialization.jsonObject(with: Data(try fixture.run(["bans", "--format", "json"]).stdout.utf8))
                as? [String: Any])?["bans"] as? [[String: Any]])
        // An era per period of each ban before its full lift: one for a ban never relaxed, two for one relaxed.
        let eras = try #require(doc["eras"] as? [[String: Any]])
        let relaxedOnce = bans.filter { ($0["status"] as? String) == "relaxed" }.count
        #expect(eras.count >= bans.count + relaxedOnce && !eras.isEmpty)
        let headlines = eras.compactMap { ($0["text"] as? [String: String])?["headline"] }
        for ban in bans {
            let title = try #require(ban["title"] as? String)
            let escaped = [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")].reduce(title)
            {
                $0.replacingOccurrences(of: $1.0, with: $1.1)
            }
            #expect(headlines.contains(escaped + " (in force)"), "\(title)")
        }
        let ledger = try #require(doc["ledger"] as? [String: Any])
        #expect(ledger["seq"] as? Int == 96 && ledger["head"] is String && ledger["as_of"] == nil)
        let title = try #require((doc["title"] as? [String: Any])?["text"] as? [String: String])
        #expect(title["text"]?.contains("Reproduce with: annals export timelinejs --known-at-seq 96") == true)
    }

    @Test func aPastStateHasFewerEventsErasEndingAtItsDateAndSaysSo() throws {
        let fixture = try ExportFixture()
        let now = try fixture.summary(["export", "timelinejs", "--out", fixture.path("now.json")])
        let past = try fixture.summary([
            "export", "timelinejs", "--out", fixture.path("past.json"), "--as-of", "2025-01-01",
        ])
        #expect((past["events"] as! Int) < (now["events"] as! Int))
        let doc = try fixture.json("past.json")
        #expect((doc["events"] as? [Any])?.count == past["events"] as? Int)
        #expect((doc["ledger"] as? [String: Any])?["as_of"] as? String == "2025-01-01")
        #expect(
            ((doc["title"] as? [String: Any])?["text"] as? [String: String])?["text"]?.contains("as of 2025-01-01")
                == true)
        // A ban still in force at the as-of date is drawn up to it, never past it.
        for era in try #require(doc["eras"] as? [[String: Any]]) {
            let end = try #require(era["end_date"] as? [String: Int])
            #expect([end["year"]!, end["month"] ?? 1, end["day"] ?? 1].lexicographicallyPrecedes([2025, 1, 2]))
        }
        try fixture.run(["export", "timelinejs", "--out", fixture.path("again.json"), "--as-of", "2025-01-01"])
        #expect(try fixture.bytes("past.json") == fixture.bytes("again.json"))
    }
}
