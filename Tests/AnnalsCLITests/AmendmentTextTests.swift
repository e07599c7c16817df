import Foundation
import Testing

/// `show` prints an event as it now stands, with its history below it, and `review` says what
/// an amendment changes and which ban a lift lifts. A court record: a hearing whose date and
/// title were corrected twice, an order retracted, and a partial lift of an injunction.
@Suite("show and review say what changed")
struct AmendmentTextTests {
    static let source = #""sources":[{"url":"https://example.org/docket","publisher":"Court Docket"}]"#

    static func event(_ type: String, _ title: String, _ occurred: String, _ fields: String) -> String {
        #"{"type":"\#(type)","title":"\#(title)","occurred":"\#(occurred)",\#(fields),\#(source)}"#
    }

    static func git(_ ledger: TestLedger, _ args: String...) throws {
        let (status, _, err) = try tool(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + args, in: ledger.root)
        try #require(status == 0, "git \(args): \(err)")
    }

    /// seq 1-3 entities, 4 the hearing, 5 an injunction; then (HEAD) 6 and 7 correct the hearing,
    /// 8 lifts the injunction in part.
    static func ledger() throws -> (TestLedger, hearing: String) {
        let ledger = try TestLedger()
        try git(ledger, "init", "-q", "-b", "main")
        let base = [
            Inputs.entity("gov:court", "District Court"), Inputs.entity("org:mill", "River Mill"),
            Inputs.entity("gov:county", "County"),
            event(
                "announcement", "Court schedules the hearing", "2025-03-01",
                #""actors":[{"entity":"gov:court","role":"court"}]"#),
            event(
                "ban", "Court enjoins the mill's discharges", "2025-03-05",
                #""ban":{"id":"ban:injunction","authority":"gov:court","targets":["org:mill"]}"#),
        ]
        try #require(ledger.run(["append", "--file", "-"], stdin: base.joined(separator: "\n") + "\n").status == 0)
        try git(ledger, "add", "Events")
        try git(ledger, "commit", "-q", "-m", "base")
        let hearing = try HostileLedgerTests.idOfSeq(ledger, 4)
        let head = [
            event(
                "correction", "Date of the hearing corrected", "2025-03-02",
                #""amends":{"event":"\#(hearing)","reason":"the docket gave 3 March","set":{"occurred":"2025-03-03"}}"#),
            event(
                "correction", "Title of the hearing corrected", "2025-03-04",
                #""amends":{"event":"\#(hearing)","reason":"it was postponed","set":{"title":"Court postpones the hearing","occurred":"2025-04-01"}}"#
            ),
            event(
                "ban-lifted", "Court allows treated discharges", "2025-06-01",
                #""lifts":{"ban":"ban:injunction","scope":"partial"}"#),
        ]
        try #require(ledger.run(["append", "--file", "-"], stdin: head.joined(separator: "\n") + "\n").status == 0)
        try git(ledger, "add", "Events")
        try git(ledger, "commit", "-q", "-m", "head")
        return (ledger, hearing)
    }

    @Test("show prints the event as it now stands, then each change before → after")
    func show() throws {
        let (ledger, _) = try Self.ledger()
        let out = try ledger.run(["show", "4"]).stdout
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "announcement  Court postpones the hearing", "\(out)")
        #expect(lines.contains("  occurred  2025-04-01"))
        #expect(out.contains("  history   as logged at seq 4"))
        #expect(out.contains("occurred: 2025-03-01 → 2025-03-03"))
        #expect(out.contains("title: Court schedules the hearing → Court postpones the hearing"))
        #expect(out.contains("occurred: 2025-03-03 → 2025-04-01"), "the second change starts from the first")
        let order = ["2025-03-01 → 2025-03-03", "title: Court schedules"].map { out.range(of: $0)!.lowerBound }
        #expect(order[0] < order[1])
    }

    @Test("show says first when an event was retracted")
    func retracted() throws {
        let (ledger, hearing) = try Self.ledger()
        let retraction = Self.event(
            "retraction", "Hearing withdrawn", "2025-05-01",
            #""amends":{"event":"\#(hearing)","reason":"no such hearing"}"#)
        try #require(ledger.run(["append", "--file", "-"], stdin: retraction + "\n").status == 0)
        let out = try ledger.run(["show", hearing]).stdout
        #expect(out.hasPrefix("RETRACTED by seq 9 ("), "\(out)")
        #expect(out.contains("): no such hearing"))
    }

    @Test(
        "review names the amended event, each change and its reason, and the ban a lift lifts",
        arguments: [true, false])
    func review(markdown: Bool) throws {
        let (ledger, hearing) = try Self.ledger()
        let r = try ledger.run(["review", "HEAD~1", "HEAD"] + (markdown ? [] : ["--format", "text"]))
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(
            out.contains(
                "corrects seq 4 “Court schedules the hearing” (`\(hearing)`) — reason: the docket gave 3 March"),
            "\(out)")
        #expect(out.contains("occurred: 2025-03-01 → 2025-03-03"))
        #expect(out.contains("reason: it was postponed"))
        #expect(out.contains("title: Court schedules the hearing → Court postpones the hearing"))
        #expect(out.contains("occurred: 2025-03-03 → 2025-04-01"))
        #expect(out.contains("lifts `ban:injunction` “Court enjoins the mill's discharges” (seq 5) in part"))
    }
}
