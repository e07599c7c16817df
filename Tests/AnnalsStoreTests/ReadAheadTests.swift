import AnnalsCore
import Foundation
import Testing

@testable import AnnalsStore

/// Reading the log on a second thread (for rebuilds) hands over the same records as a plain
/// scan, in order, stops when asked, and reports a damaged record after the ones before it.
@Suite("Reading the log ahead on another thread")
struct ReadAheadTests {
    typealias Seen = (seq: Int64, place: LogPosition)

    /// 200 records in 4 segments (a segment per batch of 50).
    static func log() throws -> (EventLogTests.Scratch, EventLog) {
        let scratch = EventLogTests.Scratch()
        let log = EventLog(layout: try LedgerLayout.create(at: scratch.url.path), segmentLimit: 1)
        for batch in 0..<4 {
            let lines = (1...50).map { EventLogTests.entity(batch * 50 + $0) }
            _ = try log.append(try EventLogTests.items(lines), recorder: "t", now: EventLogTests.now)
        }
        return (scratch, log)
    }

    /// Reads ahead in batches of 3 (so the reader waits for room many times).
    static func readAhead(_ log: EventLog, from position: LogPosition? = nil, _ body: (Record) throws -> Bool)
        throws -> [Seen]
    {
        var seen: [Seen] = []
        let segments = try Segment.list(in: log.layout.events)
        try log.readAhead(from: position, seq: position?.seq ?? 1, segments: segments, batch: 3) { record, place in
            seen.append((record.seq, place))
            return try body(record)
        }
        return seen
    }

    @Test func sameRecordsAndPlacesInOrder() throws {
        let (scratch, log) = try Self.log()
        defer { withExtendedLifetime(scratch) {} }
        var plain: [Seen] = []
        try log.forEachRecord(from: nil as LogPosition?) { record, place in
            plain.append((record.seq, place))
            return true
        }
        let ahead = try Self.readAhead(log) { _ in true }
        #expect(plain.count == 200)
        #expect(ahead.map(\.seq) == Array(1...200))
        #expect(ahead.map(\.place) == plain.map(\.place))
        // Resuming at a place, and the public entry point (a short log: read on this thread).
        let resumed = try Self.readAhead(log, from: plain[120].place) { _ in true }
        #expect(resumed.map(\.seq) == Array(121...200))
        var viaPublic: [Int64] = []
        try log.forEachRecordReadingAhead(from: plain[9].place) { record, _ in
            viaPublic.append(record.seq)
            return true
        }
        #expect(viaPublic == Array(10...200))
    }

    @Test func stopsEarlyWhenTheBodySaysSoOrThrows() throws {
        let (scratch, log) = try Self.log()
        defer { withExtendedLifetime(scratch) {} }
        let stopped = try Self.readAhead(log) { $0.seq < 50 }
        #expect(stopped.map(\.seq) == Array(1...50))
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            _ = try Self.readAhead(log) { record in
                if record.seq == 77 { throw Stop() }
                return true
            }
        }
    }

    @Test func damagedRecordIsReportedAfterTheRecordsBeforeIt() throws {
        let (scratch, log) = try Self.log()
        defer { withExtendedLifetime(scratch) {} }
        // Seq 130 is line 30 of the third segment: change its title (still valid JSON).
        let path = log.layout.events + "/" + Segment.name(101)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #""title":"E130""#, with: #""title":"X130""#)
        #expect(edited != text)
        try edited.write(toFile: path, atomically: false, encoding: .utf8)

        var seen: [Seen] = []
        do {
            seen = try Self.readAhead(log) { _ in true }
            Issue.record("the damaged record was not reported")
        } catch StoreError.corrupt(let segment, let line, let seq, let problem) {
            #expect(segment == "Events/00000101.jsonl")
            #expect(line == 30)
            #expect(seq == 130)
            #expect(problem.contains("id mismatch"))
        }
        // What the body saw before the error: every record up to 129, in order.
        var before: [Int64] = []
        do {
            _ = try Self.readAhead(log) { record in
                before.append(record.seq)
                return true
            }
        } catch {}
        #expect(seen.isEmpty)
        #expect(before == Array(1...129))
    }
}
