import AnnalsCore
import AnnalsSystem
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

@Suite("Whole-log file operations: carried records, prefixes, comparison, replacement")
struct LogFilesTests {
    typealias T = EventLogTests

    /// A log of `count` entity records in one segment, in a fresh scratch folder.
    static func log(
        _ scratch: ScratchFolder, _ name: String, count: Int, segmentLimit: Int = EventLog.defaultSegmentLimit
    ) throws -> EventLog {
        try FileManager.default.createDirectory(at: scratch.url, withIntermediateDirectories: true)
        let log = EventLog(
            layout: try LedgerLayout.create(at: scratch.url.path + "/" + name), segmentLimit: segmentLimit)
        for n in 1...count { _ = try log.append(try TestEvents.source([T.entity(n)]), recorder: "t", now: T.now) }
        return log
    }

    @Test("a carried record keeps its recorder, and its time unless the clock would run back")
    func carriedStamps() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch, "a", count: 1)  // recorded at T.now
        let value = try JSONParser.parse(Array(T.entity(2).utf8))
        let value3 = try JSONParser.parse(Array(T.entity(3).utf8))
        let earlier = Timestamp(secondsSinceEpoch: T.now.secondsSinceEpoch - 100)
        let later = Timestamp(secondsSinceEpoch: T.now.secondsSinceEpoch + 100)
        _ = try log.append(
            { body in
                try body(.init(location: "a", value: value, stamp: .init(recorder: "Alice", recorded: earlier)))
                try body(.init(location: "b", value: value3, stamp: .init(recorder: "Bob", recorded: later)))
            }, recorder: "ignored", now: Timestamp(secondsSinceEpoch: 0))
        let second = try #require(try log.record(seq: 2))
        let third = try #require(try log.record(seq: 3))
        #expect(second.recorder == "Alice" && second.recorded == T.now)
        #expect(third.recorder == "Bob" && third.recorded == later)
        #expect(try log.verify().ok)
    }

    @Test("byte prefixes, record comparison across segmentations, and replacement")
    func prefixCompareReplace() throws {
        let scratch = ScratchFolder()
        let short = try Self.log(scratch, "short", count: 3)
        let long = try Self.log(scratch, "long", count: 5)
        #expect(try short.isBytePrefix(of: long))
        #expect(try !long.isBytePrefix(of: short))
        #expect(try short.firstDifferentRecord(comparedWith: long) == 4)
        #expect(try long.firstDifferentRecord(comparedWith: short) == 4)

        // The same records split into several segments compare equal, in either direction.
        let split = try Self.log(scratch, "split", count: 5, segmentLimit: 1)
        #expect(try split.segmentNames().count == 5)
        #expect(try split.firstDifferentRecord(comparedWith: long) == nil)
        #expect(try long.firstDifferentRecord(comparedWith: split) == nil)
        #expect(try !long.isBytePrefix(of: split))

        // A segment named for the wrong seq, or an empty one in the middle, is a difference.
        let events = split.layout.events
        try FileManager.default.moveItem(atPath: events + "/00000005.jsonl", toPath: events + "/00000006.jsonl")
        #expect(try split.firstDifferentRecord(comparedWith: long) == 5, "same lines, but the last segment is misnamed")
        try FileManager.default.moveItem(atPath: events + "/00000006.jsonl", toPath: events + "/00000005.jsonl")
        FileManager.default.createFile(atPath: events + "/00000002.jsonl", contents: nil)
        try FileManager.default.moveItem(atPath: events + "/00000004.jsonl", toPath: events + "/00000003.jsonl.x")
        #expect(try split.firstDifferentRecord(comparedWith: long) != nil)
        try FileManager.default.moveItem(atPath: events + "/00000003.jsonl.x", toPath: events + "/00000004.jsonl")

        // Replacement makes the files exactly the source's, removing what the source lacks.
        let changed = try split.replaceSegments(with: long)
        #expect(try split.segmentNames() == ["00000001.jsonl"])
        #expect(changed.contains("00000001.jsonl") && changed.contains("00000005.jsonl"))
        #expect(try split.firstDifferentRecord(comparedWith: long) == nil)
        #expect(try split.verify().records == 5)
        #expect(try split.replaceSegments(with: long).isEmpty, "nothing to write the second time")

        // A check that throws stops the replacement before anything is written.
        struct Refused: Error {}
        #expect(throws: Refused.self) { try split.replaceSegments(with: short) { throw Refused() } }
        #expect(try split.verify().records == 5)
        let empty = EventLog(layout: try LedgerLayout.create(at: scratch.url.path + "/empty"))
        #expect(throws: StoreError.self) { try split.replaceSegments(with: empty) }
        #expect(try split.verify().records == 5)
    }
}
