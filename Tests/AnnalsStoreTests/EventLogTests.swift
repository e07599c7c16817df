import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

@Suite("Event log and name index")
struct EventLogTests {
    static let now = Timestamp(secondsSinceEpoch: 1_795_825_801)
    static let src = #""sources":[{"url":"https://example.org/a"}]"#

    static func entity(_ n: Int) -> String {
        #"{"type":"entity","title":"E\#(n)","occurred":"2020","entity":{"id":"org:e\#(n)","name":"Entity \#(n)","aliases":["alias \#(n)"]},\#(src)}"#
    }

    static func note(_ n: Int, actor: String) -> String {
        #"{"type":"announcement","title":"N\#(n)","occurred":"2021","actors":[{"entity":"\#(actor)","role":"r"}],\#(src)}"#
    }

    @Test func indexGrowsAndStillAnswersEveryName() throws {
        let scratch = ScratchFolder()
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let log = EventLog(layout: layout)
        // 2,500 entities define 7,500 names: the table grows from 4,096 slots at least twice.
        _ = try log.append(try TestEvents.source((1...2500).map(Self.entity)), recorder: "t", now: Self.now)
        let index = try NameIndex(path: layout.nameIndex)
        #expect(index.capacity >= 16_384)
        #expect(index.coveredSeq == 2500)
        for n in [1, 777, 2500] {
            #expect(index.seq(of: Name(.entity, "org:e\(n)").key) == Int64(n))
            #expect(index.seq(of: Name.alias("ALIAS \(n)").key) == Int64(n))
        }
        #expect(index.seq(of: Name(.entity, "org:e2501").key) == nil)
        // Aliases resolve through the index and the log.
        let out = try log.append(
            try TestEvents.source([Self.note(1, actor: "Alias 2000")]), recorder: "t", now: Self.now)
        #expect(out.appended.map(\.seq) == [2501])
        #expect(try log.record(seq: 2501)?.event.actors[0].entity == "org:e2000")
    }

    /// Growing the table keeps the whole header: the covered chain hash (bytes 40–71) and the
    /// dirty flag (byte 72), so a crash after a grow and before the commit is seen as dirty.
    @Test func growingKeepsTheCoveredHashAndTheDirtyFlag() throws {
        let scratch = ScratchFolder()
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let hash = String(repeating: "ab", count: 32)
        do {
            let index = try NameIndex(path: layout.nameIndex)
            try index.commit(seq: 7, hash: hash)
            try index.markDirty()
            for n in 0..<5_000 { try index.insert(Name(.claim, "claim:c\(n)").key, seq: Int64(n + 8)) }
            #expect(index.capacity > NameIndex.minimumCapacity)
        }
        let reopened = try NameIndex(path: layout.nameIndex)
        #expect(reopened.isDirty)
        #expect(reopened.coveredHash == hash)
        #expect(reopened.coveredSeq == 7)
    }

    @Test func staleIndexCatchesUpAndForeignIndexIsRebuilt() throws {
        let scratch = ScratchFolder()
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let log = EventLog(layout: layout)
        _ = try log.append(try TestEvents.source([Self.entity(1)]), recorder: "t", now: Self.now)
        let stale = try Data(contentsOf: URL(fileURLWithPath: layout.nameIndex))
        _ = try log.append(
            try TestEvents.source([Self.entity(2), Self.note(1, actor: "org:e2")]), recorder: "t", now: Self.now)

        // An index that covers a prefix of the log: caught up from seq 2 on.
        try stale.write(to: URL(fileURLWithPath: layout.nameIndex))
        let dup = try log.append(try TestEvents.source([Self.note(1, actor: "org:e2")]), recorder: "t", now: Self.now)
        #expect(dup.duplicates.first?.existingSeq == 3)

        // An index of another history (same seq, other hash): rebuilt, with a notice.
        let index = try NameIndex(path: layout.nameIndex)
        index.coveredHash = String(repeating: "a", count: 64)
        nonisolated(unsafe) var notices: [String] = []
        log.notice = { notices.append($0) }
        let again = try log.append(try TestEvents.source([Self.note(1, actor: "org:e2")]), recorder: "t", now: Self.now)
        #expect(again.duplicates.first?.existingSeq == 3)
        #expect(notices.count == 1)
    }

    @Test func recordedTimeNeverGoesBack() throws {
        let scratch = ScratchFolder()
        let log = EventLog(layout: try LedgerLayout.create(at: scratch.url.path))
        let first = try log.append(try TestEvents.source([Self.entity(1)]), recorder: "t", now: Self.now)
        let earlier = Timestamp(secondsSinceEpoch: Self.now.secondsSinceEpoch - 3600)
        let second = try log.append(try TestEvents.source([Self.entity(2)]), recorder: "t", now: earlier)
        #expect(second.recorded == first.recorded)
        #expect(try log.verify().ok)
    }

    @Test func dryRunWritesNothing() throws {
        let scratch = ScratchFolder()
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let log = EventLog(layout: layout)
        let out = try log.append(try TestEvents.source([Self.entity(1)]), recorder: "t", now: Self.now, dryRun: true)
        #expect(out.appended.count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.events).isEmpty)
    }
}
