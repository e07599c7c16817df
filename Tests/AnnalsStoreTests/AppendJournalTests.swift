import AnnalsCore
import AnnalsSystem
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

/// Batches are atomic: a batch refused after part of it was written, or whose process died
/// with its journal armed, leaves the log exactly as it was before the batch.
@Suite("Atomic batches and the append journal")
struct AppendJournalTests {

    /// Collects a log's notices.
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [String] = []
        var lines: [String] { lock.withLock { all } }
        func add(_ line: String) { lock.withLock { all.append(line) } }
    }

    static func segmentBytes(_ layout: LedgerLayout) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: layout.events) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: layout.events + "/" + name))
        }
        return out
    }

    /// A ledger of 5 entities, its log writing out every 2 KiB of sealed records.
    static func ledger(_ scratch: ScratchFolder, notices: Notices) throws -> (LedgerLayout, EventLog) {
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let log = EventLog(layout: layout)
        log.flushBytes = 2048
        log.notice = { notices.add($0) }
        _ = try log.append(
            try TestEvents.source((1...5).map(EventLogTests.entity)), recorder: "t", now: EventLogTests.now)
        return (layout, log)
    }

    @Test(
        "a batch refused after some of it was written leaves the log byte-identical",
        arguments: [8 << 20, 1])  // into the last segment, and into a segment the batch creates
    func refusedBatchIsCutBack(segmentLimit: Int) throws {
        let scratch = ScratchFolder()
        let notices = Notices()
        let (layout, log) = try Self.ledger(scratch, notices: notices)
        log.segmentLimit = segmentLimit
        let before = try Self.segmentBytes(layout)
        let lines =
            (1...200).map { EventLogTests.note($0, actor: "org:e\($0 % 5 + 1)") } + [
                EventLogTests.note(201, actor: "org:nobody")
            ]
        #expect(throws: ValidationError.self) {
            _ = try log.append(try TestEvents.source(lines), recorder: "t", now: EventLogTests.now)
        }
        #expect(try Self.segmentBytes(layout) == before)
        #expect(AppendJournal.armed(at: layout.journal) == nil)
        #expect(try log.lastSeq() == 5)
        // The same batch without its bad line appends in full.
        let out = try log.append(
            try TestEvents.source(Array(lines.dropLast())), recorder: "t", now: EventLogTests.now)
        #expect(out.count == 200)
        #expect(try log.verify().ok)
    }

    /// Writes what a writer killed mid-batch leaves: an armed journal and part of a batch.
    static func simulateKilledBatch(_ layout: LedgerLayout, _ log: EventLog, newSegment: Bool) throws {
        let segments = try Segment.list(in: layout.events)
        let tail = try log.readTail(segments)
        let writer = try BatchWriter(
            layout: layout, segments: segments, tail: tail, segmentLimit: newSegment ? 1 : 8 << 20)
        let before = try segmentBytes(layout)
        // Two whole records and a torn third, as bytes (the journal only needs offsets).
        try writer.write(Array(#"{"seq":6}"#.utf8) + [0x0A] + Array(#"{"seq":7}"#.utf8) + [0x0A] + Array("{\"se".utf8))
        #expect(AppendJournal.armed(at: layout.journal) != nil)
        #expect(try segmentBytes(layout) != before)
    }

    @Test("the next command rolls back a batch whose writer died", arguments: [false, true])
    func killedBatchIsRolledBack(newSegment: Bool) throws {
        let scratch = ScratchFolder()
        let notices = Notices()
        let (layout, log) = try Self.ledger(scratch, notices: notices)
        let before = try Self.segmentBytes(layout)
        try Self.simulateKilledBatch(layout, log, newSegment: newSegment)
        // A reader (shared lock) finds the armed journal and rolls the batch back first.
        var seen: [Int64] = []
        try log.forEachRecord { record in
            seen.append(record.seq)
            return true
        }
        #expect(seen == [1, 2, 3, 4, 5])
        #expect(try Self.segmentBytes(layout) == before)
        #expect(AppendJournal.armed(at: layout.journal) == nil)
        let said = notices.lines.joined(separator: "\n")
        #expect(said.contains("rolled back an append that did not finish: removed 2 record(s) from seq 6"))
        #expect(try log.verify().ok)
    }

    @Test func aJournalThatNoLongerMatchesTheLogRemovesNothing() throws {
        let scratch = ScratchFolder()
        let notices = Notices()
        let (layout, log) = try Self.ledger(scratch, notices: notices)
        let segment = try Segment.list(in: layout.events)[0]
        let size = try PosixFile(path: segment.path, flags: .readOnly).size()
        // Armed for a log that ended elsewhere (as after a checkout of another branch).
        var journal = AppendJournal(path: layout.journal)
        try journal.arm(
            .init(
                segment: segment.name, offset: size / 2, created: false, seq: 2,
                hash: String(repeating: "0", count: 64)))
        let before = try Self.segmentBytes(layout)
        #expect(try log.lastSeq() == 5)
        #expect(try Self.segmentBytes(layout) == before)
        #expect(notices.lines.contains { $0.contains("ignored the journal of an unfinished append") })
        #expect(AppendJournal.armed(at: layout.journal) == nil)
    }

    @Test(
        "a torn or garbled journal counts as disarmed",
        arguments: ["", "annals journal 1 armed 00000001.jsonl 10 0 1", "annals journal 1 clean", "\u{0}\u{0}\u{0}"])
    func garbledJournalIsNotArmed(text: String) throws {
        #expect(AppendJournal.parse(Array(text.utf8)) == nil)
    }

    @Test func anArmedJournalReadsBackItsMark() throws {
        let scratch = ScratchFolder()
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let mark = AppendJournal.Mark(
            segment: "00000001.jsonl", offset: 1234, created: false, seq: 9, hash: String(repeating: "ab", count: 32))
        var journal = AppendJournal(path: layout.journal)
        try journal.arm(mark)
        #expect(AppendJournal.armed(at: layout.journal) == mark)
        try journal.disarm()
        #expect(AppendJournal.armed(at: layout.journal) == nil)
    }
}
