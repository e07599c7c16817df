import Annals
import AnnalsCore
import Foundation
import Testing

/// The façade's use cases run in-process on a city's water dispute: what each answers is
/// computed from the story the test appended, not copied from a run.
@Suite("Ledger use cases, in-process")
struct LedgerUseCaseTests {
    static let story = WaterLedger.story
    static let storyDates = story.map(\.occurred)

    @Test("append: one seq per line, in order; a dry run writes nothing", arguments: [false, true])
    func append(dryRun: Bool) throws {
        let water = try WaterLedger()
        let before = try water.fingerprint()
        let outcome = try water.appendStory(dryRun: dryRun)
        let lines = WaterLedger.lines
        #expect(outcome.count == lines.count)
        #expect(outcome.appended.map(\.seq) == Array(1...Int64(lines.count)))
        #expect(Set(outcome.appended.map(\.id)).count == lines.count)
        #expect(outcome.duplicates.isEmpty)
        #expect(try water.ledger.logState().seq == (dryRun ? 0 : Int64(lines.count)))
        if dryRun { #expect(try water.fingerprint() == before) }
    }

    @Test("appending the same batch again adds nothing: every event is a duplicate")
    func appendTwice() throws {
        let water = try WaterLedger()
        let first = try water.appendStory()
        let after = try water.fingerprint()
        let again = try water.appendStory()
        #expect(again.count == 0)
        #expect(again.duplicates.count == first.count)
        #expect(try water.fingerprint() == after)
    }

    /// Every date of the story, a day before the first and a day after the last.
    static let moments = ["2024-01-01"] + storyDates + ["2025-12-31"]

    @Test("timeline at a valid date: the story's events that occurred by then", arguments: moments)
    func timeline(asOf day: String) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let reader = try water.ledger.reader(at: Ledger.Moment(asOf: try PartialDate.parse(day)))
        let expected = Self.story.filter { $0.occurred <= day }
        let entries = try reader.timeline()
        #expect(entries.map(\.title) == expected.map(\.title))
        #expect(entries.map(\.occurred) == expected.map(\.occurred))
        #expect(entries.allSatisfy { $0.status == "as-recorded" })
    }

    @Test("claims at a valid date: each claim's stances counted from the story", arguments: moments)
    func claims(asOf day: String) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let reader = try water.ledger.reader(at: Ledger.Moment(asOf: try PartialDate.parse(day)))
        let known = Self.story.filter { $0.occurred <= day && $0.claim != nil }
        let ids = Set(known.compactMap { $0.claim?.id })
        let claims = try reader.claims()
        #expect(Set(claims.map(\.id)) == ids)
        for claim in claims {
            let stances = known.compactMap { $0.claim?.id == claim.id ? $0.claim?.stance : nil }
            #expect(claim.assertions == Int64(stances.filter { $0 == "asserts" }.count))
            #expect(claim.denials == Int64(stances.filter { $0 == "denies" }.count))
            #expect(claim.reports == Int64(stances.filter { $0 == "reports" }.count))
            #expect(claim.firstOccurred == known.first { $0.claim?.id == claim.id }?.occurred)
        }
    }

    @Test("bans in force on a day: imposed by then and not yet lifted", arguments: moments)
    func bans(on day: String) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let reader = try water.ledger.reader()
        let imposed = Self.story.filter { $0.type == "ban" && $0.occurred <= day }
        let lifted = Set(Self.story.filter { $0.type == "ban-lifted" && $0.occurred <= day }.compactMap(\.ban))
        let expected = imposed.compactMap(\.ban).filter { !lifted.contains($0) }
        let bans = try reader.bans(activeOn: try PartialDate.parse(day))
        #expect(bans.map(\.id) == expected)
        #expect(bans.allSatisfy { $0.status == "in force" })
        let all = try reader.bans()
        #expect(all.map(\.id) == Self.story.filter { $0.type == "ban" }.compactMap(\.ban))
    }

    @Test("a read known at a seq sees only the records up to it", arguments: [0, 3, 5, 9, 12])
    func knownAtSeq(_ seq: Int) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let reader = try water.ledger.reader(at: Ledger.Moment(knownAtSeq: Int64(seq)))
        let storyKnown = WaterLedger.lines.prefix(seq).count - WaterLedger.entities.count
        let expected = Self.story.prefix(max(0, storyKnown)).sorted { $0.occurred < $1.occurred }
        #expect(try reader.timeline().map(\.title) == expected.map(\.title))
        let state = try water.ledger.state(of: reader, moment: Ledger.Moment(knownAtSeq: Int64(seq)))
        #expect(state.seq == Int64(seq))
    }

    @Test("a moment past the log's end is refused, the ledger unchanged")
    func momentPastEnd() throws {
        let water = try WaterLedger()
        try water.appendStory()
        let before = try water.fingerprint()
        let past = Int64(WaterLedger.lines.count + 1)
        #expect(throws: MomentError.self) { try water.ledger.reader(at: Ledger.Moment(knownAtSeq: past)) }
        #expect(try water.fingerprint() == before)
    }
}
