import Annals
import AnnalsCore
import Foundation
import Testing

/// Snapshots, diffs and exports through the façade, on the water dispute.
@Suite("Ledger use cases: snapshots, diffs and exports, in-process")
struct SnapshotExportUseCaseTests {
    static let story = WaterLedger.story
    /// Valid dates to cut the story at: before it, inside it, after it.
    static let cuts = ["2024-01-01", "2024-05-10", "2024-08-01", "2025-06-30"]

    @Test("snapshot of a date, diffed with now: the events and claims that came after it", arguments: cuts)
    func snapshotDiff(cut: String) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let moment = Ledger.Moment(asOf: try PartialDate.parse(cut))
        let info = try water.ledger.createSnapshot(moment, name: "cut", force: false)
        #expect(info.name == "cut")
        #expect(try water.ledger.snapshotNames() == ["cut"])
        #expect(try water.ledger.verifySnapshot("cut").header.rows == info.header.rows)
        let report = try water.ledger.diff(.snapshot(name: "cut", path: info.path), .state(.init()))
        let later = Self.story.filter { $0.occurred > cut }
        #expect(report.eventsAdded == later.count)
        #expect(report.eventsRemoved == 0)
        let before = Set(Self.story.filter { $0.occurred <= cut }.compactMap { $0.claim?.id })
        let added = Set(later.compactMap { $0.claim?.id }).subtracting(before)
        #expect(Set(report.claimsAdded.map(\.id)) == added)
        #expect(report.isEmpty == later.isEmpty)
    }

    @Test(
        "a diff of two dates is the reverse of the diff the other way round", arguments: [("2024-04-01", "2024-10-01")])
    func diffBothWays(a: String, b: String) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let early = DiffOperand.state(Ledger.Moment(asOf: try PartialDate.parse(a)))
        let late = DiffOperand.state(Ledger.Moment(asOf: try PartialDate.parse(b)))
        let forward = try water.ledger.diff(early, late)
        let backward = try water.ledger.diff(late, early)
        let between = Self.story.filter { $0.occurred > a && $0.occurred <= b }.count
        #expect(forward.eventsAdded == between)
        #expect(backward.eventsRemoved == between)
        #expect(forward.eventsRemoved == backward.eventsAdded)
    }

    @Test("exports of a date: events and claims as the reader counts them", arguments: cuts)
    func exports(cut: String) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let moment = Ledger.Moment(asOf: try PartialDate.parse(cut))
        let standing = try water.ledger.reader(at: moment).timeline().count
        let claims = try water.ledger.reader(at: moment).claims().count
        let timeline = try water.ledger.exportTimelineJS(moment: moment, to: water.outside("timeline.json"))
        #expect(timeline.files == [water.outside("timeline.json")])
        let jsonld = try water.ledger.exportJSONLD(moment: moment, to: water.outside("claims.jsonld"))
        #expect(jsonld.secondary == claims)
        #expect(jsonld.state.seq == Int64(WaterLedger.lines.count))
        let document = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: timeline.path))))
        guard case .object(let o) = document, case .array(let events)? = o["events"] else {
            Issue.record("no events array in \(timeline.path)")
            return
        }
        #expect(events.count == timeline.events)
        #expect(timeline.events == standing)
    }

    @Test("feeds: one feed pair, and one per entity", arguments: [1, 3, 8, 100])
    func feeds(limit: Int) throws {
        let water = try WaterLedger()
        try water.appendStory()
        let outcome = try water.ledger.exportFeeds(moment: .init(), to: water.outside("feeds"), limit: limit)
        #expect(outcome.secondary == WaterLedger.entities.count)
        #expect(outcome.files.count == 2 + 2 * WaterLedger.entities.count)
        // The newest `limit` events; registering an entity is not an event of the feed.
        #expect(outcome.events == min(limit, Self.story.count))
        #expect(outcome.files.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    @Test("an export into the ledger's own folders is refused, nothing written")
    func exportInsideRefused() throws {
        let water = try WaterLedger()
        try water.appendStory()
        let before = try water.fingerprint()
        #expect(throws: (any Error).self) {
            try water.ledger.exportJSONLD(moment: .init(), to: water.path + "/Events/x.jsonld")
        }
        #expect(try water.fingerprint() == before)
    }
}
