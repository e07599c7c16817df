import Foundation
import Testing

/// A claim's evidence is the same wherever it is shown: a report recorded and then retracted
/// between two states is evidence in neither, so `diff` does not list it as added while `claim`
/// and `claims` leave it out; and the counts show every stance kind.
@Suite("Evidence agrees across claim, claims and diff")
struct EvidenceAgreementTests {
    static func json(_ r: Annals.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
    }

    @Test("a report added and retracted between two snapshots is no added evidence")
    func retractedReport() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: SnapshotCommandTests.claimInput).status == 0)
        try #require(ledger.run(["snapshot", "create", "--name", "before"]).status == 0)
        let report =
            #"{"type":"report","title":"A paper reports the copying","occurred":"2025-02-01","#
            + #""actors":[{"entity":"org:b","role":"reporter"}],"claims":[{"id":"claim:x","stance":"reports"}],"#
            + #""sources":[{"url":"https://paper.example/story","publisher":"The Paper"}]}"#
        let acknowledgement =
            #"{"type":"response","title":"Beta acknowledges copying","occurred":"2025-02-03","#
            + #""actors":[{"entity":"org:b","role":"respondent"}],"claims":[{"id":"claim:x","stance":"acknowledges"}],"#
            + #""sources":[{"url":"https://beta.example/statement","publisher":"Beta"}]}"#
        try #require(ledger.run(["append", "--file", "-"], stdin: report + "\n" + acknowledgement + "\n").status == 0)
        let reportID = try HostileLedgerTests.idOfSeq(ledger, 5)
        let retraction = HostileLedgerTests.event("retraction", #""amends":{"event":"\#(reportID)","reason":"wrong"}"#)
        try #require(ledger.run(["append", "--file", "-"], stdin: retraction + "\n").status == 0)

        let claim = try Self.json(try ledger.run(["claim", "claim:x", "--format", "json"]))
        let history = try #require(claim["history"] as? [[String: Any]])
        let claimed = Set(history.compactMap { $0["event_id"] as? String })
        #expect(!claimed.contains(reportID))

        let diff = try Self.json(try ledger.run(["diff", "before", "now", "--format", "json"]))
        let listed = ["standing_changed", "evidence_changed", "claims_added"].flatMap {
            (diff[$0] as? [[String: Any]] ?? []).flatMap { $0["events"] as? [[String: Any]] ?? [] }
        }
        #expect(!listed.isEmpty, "the acknowledgement changed the standing: \(diff)")
        #expect(!listed.contains { $0["id"] as? String == reportID }, "the retracted report is listed: \(listed)")
        for event in listed { #expect(claimed.contains(event["id"] as? String ?? ""), "\(event) is not in claim") }

        let text = try ledger.run(["claims"]).stdout
        #expect(text.contains("1 asserting, 0 reporting, 0 denying, 1 acknowledging, 0 no comment; "), "\(text)")
    }
}
