import Annals
import AnnalsCore
import Foundation
import Testing

/// Corrections and retractions through the façade: `show`'s amended event, the timeline's
/// status, and verify, checkpoint and proofs over the grown log.
@Suite("Ledger use cases: amendments and proofs, in-process")
struct AmendmentUseCaseTests {
    /// Which story event is amended, and how: a new title (a correction) or nil (a retraction).
    static let amendments: [(index: Int, title: String?)] = [
        (1, "The utility denies any contamination"), (5, nil), (7, "The council denies overdrawing the river"),
    ]

    /// The story, then one amendment per row of ``amendments``; returns the story's outcome.
    static func amendedLedger() throws -> (WaterLedger, AppendOutcome) {
        let water = try WaterLedger()
        let outcome = try water.appendStory()
        let offset = WaterLedger.entities.count
        let lines = amendments.map { index, title in
            let id = outcome.appended[offset + index].id
            let src = #""sources":[{"url":"https://example.org/water/desk-note-\#(index)"}]"#
            if let title {
                return #"{"type":"correction","title":"Corrects \#(index)","occurred":"2025-02-01","#
                    + #""amends":{"event":"\#(id)","reason":"the title was wrong","set":{"title":"\#(title)"}},\#(src)}"#
            }
            return #"{"type":"retraction","title":"Retracts \#(index)","occurred":"2025-02-02","#
                + #""amends":{"event":"\#(id)","reason":"not supported"},\#(src)}"#
        }
        try water.ledger.append(input: Array(lines.joined(separator: "\n").utf8), recorder: "Water Desk")
        return (water, outcome)
    }

    @Test("show: each amended event as it now stands", arguments: amendments.indices)
    func show(_ row: Int) throws {
        let (water, outcome) = try Self.amendedLedger()
        let (index, title) = Self.amendments[row]
        let record = try water.ledger.record(outcome.appended[WaterLedger.entities.count + index].id)
        let amended = try water.ledger.amendedEvent(record)
        #expect(amended.original.seq == record.seq)
        #expect(amended.steps.count == 1)
        if let title {
            #expect(amended.current.title == title)
            #expect(amended.retraction == nil)
            #expect(amended.steps[0].changes.map(\.after).contains(title))
        } else {
            #expect(amended.retraction != nil)
            #expect(amended.current.title == WaterLedger.story[index].title)
        }
    }

    @Test("timeline: corrected titles shown, retracted events left out")
    func timeline() throws {
        let (water, _) = try Self.amendedLedger()
        var expected = WaterLedger.story.map { ($0.occurred, $0.title, "as-recorded") }
        for (index, title) in Self.amendments {
            if let title { expected[index] = (expected[index].0, title, "corrected") } else { expected[index].2 = "" }
        }
        // The amendments are events of the timeline too, on the days they were made.
        expected += Self.amendments.map { index, title in
            title == nil
                ? ("2025-02-02", "Retracts \(index)", "as-recorded")
                : ("2025-02-01", "Corrects \(index)", "as-recorded")
        }
        expected = expected.filter { !$0.2.isEmpty }
        expected = expected.indices.sorted { (expected[$0].0, $0) < (expected[$1].0, $1) }.map { expected[$0] }
        let entries = try water.ledger.reader().timeline()
        #expect(entries.map(\.title) == expected.map(\.1))
        #expect(entries.map(\.status) == expected.map(\.2))
    }

    @Test("verify: every record checked, no defect")
    func verify() throws {
        let (water, _) = try Self.amendedLedger()
        let report = try water.ledger.verify()
        #expect(report.ok)
        #expect(report.records == Int64(WaterLedger.lines.count + Self.amendments.count))
        #expect(report.head == (try water.ledger.logState().head))
    }

    /// Seqs to prove: the first, one in the middle, the last.
    static let proved: [Int64] = [1, 6, Int64(WaterLedger.lines.count + amendments.count)]

    @Test("checkpoint then prove: the inclusion proof holds against the saved checkpoint", arguments: proved)
    func prove(_ seq: Int64) throws {
        let (water, _) = try Self.amendedLedger()
        let saved = try water.ledger.checkpoint(signer: nil, save: true)
        let size = Int64(WaterLedger.lines.count + Self.amendments.count)
        #expect(saved.checkpoint.size == size)
        #expect(saved.checkpoint.origin == "example.org/water")
        #expect(saved.savedTo != nil)
        let (proof, record) = try water.ledger.prove(String(seq), size: nil)
        #expect(record.seq == seq)
        #expect(proof.index == seq - 1)
        #expect(proof.size == size)
        #expect(proof.root == saved.checkpoint.root)
        try proof.verify()
        var tampered = proof
        tampered.leaf[0] ^= 1
        #expect(throws: MerkleProofError.self) { try tampered.verify() }
    }

    @Test("a consistency proof from each earlier size to the checkpoint holds", arguments: [1, 4, 12])
    func consistency(_ old: Int64) throws {
        let (water, _) = try Self.amendedLedger()
        let saved = try water.ledger.checkpoint(signer: nil, save: true)
        let proof = try water.ledger.proveConsistency(old: old, new: nil)
        #expect(proof.oldSize == old)
        #expect(proof.newSize == saved.checkpoint.size)
        #expect(proof.newRoot == saved.checkpoint.root)
        try proof.verify()
    }
}
