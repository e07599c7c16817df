import Foundation
import Testing

/// Every read command's `--format json` says which state of the ledger it came from, and that
/// state reproduces it; `log --since` gives everything after a point.
@Suite("Citable outputs and log --since")
struct CitableOutputTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    static func stamp(_ text: String) throws -> [String: Any] {
        try #require(try object(text)["ledger"] as? [String: Any], "no ledger member in \(text)")
    }

    static func json(_ ledger: TestLedger, _ args: [String]) throws -> String {
        let r = try ledger.run(args + ["--format", "json"])
        try #require(r.status == 0, "annals \(args.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    /// A ledger with two entities and `n` announcements, one a month from 2025-01.
    static func ledger(announcements n: Int) throws -> TestLedger {
        let ledger = try TestLedger()
        let lines = (1...n).map { Inputs.announcement($0, date: String(format: "2025-%02d-01", $0)) }
        let r = try ledger.run(["append", "--file", "-"], stdin: Inputs.base + lines.joined(separator: "\n") + "\n")
        try #require(r.status == 0, "\(r.stderr)")
        return ledger
    }

    @Test func theStampNamesSeqHeadOriginAndMoment() throws {
        let ledger = try Self.ledger(announcements: 3)
        let last = try Self.object(try Self.json(ledger, ["show", "5"]))["record"] as? [String: Any]
        let now = try Self.stamp(try Self.json(ledger, ["timeline"]))
        #expect(now["seq"] as? Int == 5)
        #expect(now["head"] as? String == last?["hash"] as? String)
        #expect(now["origin"] as? String == "annals.invalid/ledger")
        #expect(now["as_of"] == nil && now["known_at"] == nil)

        let past = try Self.stamp(try Self.json(ledger, ["claims", "--known-at-seq", "3", "--as-of", "2025-02"]))
        let third = try Self.object(try Self.json(ledger, ["show", "3"]))["record"] as? [String: Any]
        #expect(past["seq"] as? Int == 3)
        #expect(past["head"] as? String == third?["hash"] as? String)
        #expect(past["as_of"] as? String == "2025-02")

        // --known-at resolves to the last record recorded by then: none, long ago.
        let early = try Self.stamp(try Self.json(ledger, ["bans", "--known-at", "2000-01-01"]))
        #expect(early["seq"] as? Int == 0)
        #expect(early["known_at"] as? String == "2000-01-01T23:59:59Z")
        #expect(early["head"] as? String == String(repeating: "0", count: 64))

        // A day alone means by the end of that day: the day the records were made shows them all.
        let recorded = try #require(last?["recorded"] as? String)
        let sameDay = try Self.stamp(try Self.json(ledger, ["bans", "--known-at", String(recorded.prefix(10))]))
        #expect(sameDay["seq"] as? Int == 5)
        #expect(sameDay["known_at"] as? String == String(recorded.prefix(10)) + "T23:59:59Z")
    }

    @Test(arguments: [
        ["timeline"], ["claims"], ["bans"], ["releases"], ["search", "Announcement"], ["log"], ["entities"],
        ["show", "3"], ["query", "SELECT count(*) AS n FROM events"],
    ])
    func everyReadCommandCarriesTheStamp(_ args: [String]) throws {
        let ledger = try Self.ledger(announcements: 2)
        let stamp = try Self.stamp(try Self.json(ledger, args))
        #expect(stamp["seq"] as? Int == 4, "annals \(args.joined(separator: " "))")
        #expect((stamp["head"] as? String)?.count == 64)
    }

    /// What an article cites comes back byte for byte after the ledger has moved on.
    @Test func theStampReproducesTheOutputAfterMoreAppends() throws {
        let ledger = try Self.ledger(announcements: 3)
        let commands = [["timeline"], ["claims"], ["search", "Announcement"], ["timeline", "--as-of", "2025-02"]]
        let before = try commands.map { try Self.json(ledger, $0) }
        let more = try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(9, date: "2025-01-15") + "\n")
        try #require(more.status == 0, "\(more.stderr)")
        for (args, cited) in zip(commands, before) {
            let seq = try #require(try Self.stamp(cited)["seq"] as? Int)
            #expect(try Self.json(ledger, args) != cited, "annals \(args.joined(separator: " ")) did not change")
            let again = args + ["--known-at-seq", String(seq)]
            #expect(try Self.json(ledger, again) == cited, "annals \(again.joined(separator: " "))")
        }
    }

    @Test func logSinceGivesEverythingAfterASeqOrAnID() throws {
        let ledger = try Self.ledger(announcements: 4)
        let all = try ledger.run(["log", "--format", "jsonl"]).stdout.split(separator: "\n").map(String.init)
        #expect(all.count == 6)
        func since(_ ref: String) throws -> [String] {
            let r = try ledger.run(["log", "--since", ref, "--format", "jsonl"])
            try #require(r.status == 0, "--since \(ref): \(r.stderr)")
            return r.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try since("0") == all)
        #expect(try since("4") == Array(all[4...]))
        #expect(try since("6") == [])
        let third = try #require(all[2].firstMatch(of: /"id":"(ev_[0-9a-f]{32})"/)?.output.1)
        #expect(try since(String(third)) == Array(all[3...]))
        #expect(try since(String(third.prefix(12))) == Array(all[3...]))
        // Filters still apply after the point.
        let filtered = try ledger.run(["log", "--since", "2", "--type", "entity", "--format", "jsonl"])
        #expect(filtered.status == 0 && filtered.stdout.isEmpty)

        let json = try Self.object(try Self.json(ledger, ["log", "--since", "5"]))
        #expect((json["records"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [6])

        for bad in ["7", "-1", "ev_ffffffffffff", "soon"] {
            let r = try ledger.run(["log", "--since=" + bad])
            #expect(r.status == 65, "--since \(bad): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("Fix:"), "--since \(bad): \(r.stderr)")
        }
    }
}

extension CitableOutputTests {
    /// The page's footer cites its state, and the options it names write the same page again.
    @Test func thePageCitesItsStateAndTheStateWritesItAgain() throws {
        let ledger = try Self.ledger(announcements: 3)
        let site = try TemporaryDirectory()
        let page = site.url.appendingPathComponent("index.html")
        let first = try ledger.run([
            "export", "html", "--out", site.url.path, "--known-at-seq", "4", "--as-of", "2025-02",
        ])
        try #require(first.status == 0, "\(first.stderr)")
        let written = try Data(contentsOf: page)
        let html = String(decoding: written, as: UTF8.self)
        let record = try Self.object(try Self.json(ledger, ["show", "4"]))["record"] as? [String: Any]
        let head = try #require(record?["hash"] as? String)
        let footer = try #require(html.firstMatch(of: /<p id="ledger-state">(.*?)<\/p>/)?.output.1)
        #expect(footer.contains("<code>annals.invalid/ledger</code> at seq 4"), "\(footer)")
        #expect(footer.contains("title=\"\(head)\""), "\(footer)")
        #expect(footer.contains("as of 2025-02"), "\(footer)")
        #expect(footer.contains("annals export html --known-at-seq 4 --as-of 2025-02"), "\(footer)")
        #expect(html.contains(#""generated":{"as_of":"2025-02","head":"\#(head)""#))

        // The ledger moves on; the cited options still give the same bytes.
        let more = try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(8, date: "2025-01-20") + "\n")
        try #require(more.status == 0, "\(more.stderr)")
        let again = try ledger.run([
            "export", "html", "--out", site.url.path, "--force", "--known-at-seq", "4", "--as-of", "2025-02",
        ])
        try #require(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: page) == written)
    }
}
