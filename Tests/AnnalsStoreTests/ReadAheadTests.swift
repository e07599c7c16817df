import AnnalsCore
import AnnalsSystem
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

/// Reading the log on a second thread (for rebuilds) hands over the same records as a plain
/// scan, in order, stops when asked, and reports a damaged record after the ones before it.
@Suite("Reading the log ahead on another thread")
struct ReadAheadTests {
    typealias Seen = (seq: Int64, place: LogPosition)

    /// 200 records in 4 segments (a segment per batch of 50).
    static func log() throws -> (ScratchFolder, EventLog) {
        let scratch = ScratchFolder()
        let log = EventLog(layout: try LedgerLayout.create(at: scratch.url.path), segmentLimit: 1)
        for batch in 0..<4 {
            let lines = (1...50).map { EventLogTests.entity(batch * 50 + $0) }
            _ = try log.append(try TestEvents.source(lines), recorder: "t", now: EventLogTests.now)
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

/// What a name index fingerprint that still matches vouches for, and what is checked anyway.
@Suite("Records the name index vouches for")
struct VouchedRecordsTests {
    static func edit(_ log: EventLog, segment: Int64, _ old: String, _ new: String) throws {
        let path = log.layout.events + "/" + Segment.name(segment)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: old, with: new)
        #expect(edited != text)
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static func seqs(_ log: EventLog, vouched: (seq: Int64, hash: String)?) throws -> [Int64] {
        var seqs: [Int64] = []
        try log.readAhead(
            from: nil, seq: 1, segments: try Segment.list(in: log.layout.events), vouched: vouched, batch: 7
        ) { record, _ in
            seqs.append(record.seq)
            return true
        }
        return seqs
    }

    @Test func vouchedWhileTheBytesTheIndexSawAreUnchanged() throws {
        let (scratch, log) = try ReadAheadTests.log()
        defer { withExtendedLifetime(scratch) {} }
        let segments = try Segment.list(in: log.layout.events)
        let vouched = try #require(try log.vouchedPrefix(segments))
        #expect(vouched.seq == 200)
        #expect(vouched.hash == (try log.record(seq: 200))?.hash)
        #expect(try Self.seqs(log, vouched: vouched) == Array(1...200))
        // Any edit to the bytes the index saw withdraws the vouching: every record is checked again.
        try Self.edit(log, segment: 101, #""title":"E130""#, #""title":"X130""#)
        #expect(try log.vouchedPrefix(segments) == nil)
        #expect(throws: StoreError.self) { _ = try Self.seqs(log, vouched: nil) }
    }

    @Test func vouchedRecordsStillHaveTheirChainAndHeadChecked() throws {
        let (scratch, log) = try ReadAheadTests.log()
        defer { withExtendedLifetime(scratch) {} }
        let vouched = try #require(try log.vouchedPrefix(try Segment.list(in: log.layout.events)))
        // Not re-hashed: an edited title inside the vouched range passes (only the fingerprint
        // check before guards it, as above) …
        try Self.edit(log, segment: 101, #""title":"E130""#, #""title":"X130""#)
        #expect(try Self.seqs(log, vouched: vouched) == Array(1...200))
        // … but a record's stored hash must still be the next record's `prev`, and the last
        // vouched record's hash the chain head the index saw.
        let head = vouched.hash
        let other = String(repeating: "0", count: 63) + "1"
        try Self.edit(log, segment: 151, #""hash":"\#(head)""#, #""hash":"\#(other)""#)
        do {
            _ = try Self.seqs(log, vouched: vouched)
            Issue.record("a changed chain head was not reported")
        } catch StoreError.corrupt(_, _, let seq, let problem) {
            #expect(seq == 200)
            #expect(problem.contains("chain head"))
        }
    }
}
