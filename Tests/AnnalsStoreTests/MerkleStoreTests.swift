import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

/// The Merkle tree in `.annals/`: it follows appends, catches up, is rebuilt for another history,
/// and every proof it gives checks against a root recomputed from the segment bytes alone.
@Suite("Merkle tree store")
struct MerkleStoreTests {
    static let now = Timestamp(secondsSinceEpoch: 1_795_825_801)

    static func log(_ scratch: ScratchFolder) throws -> EventLog {
        EventLog(layout: try LedgerLayout.create(at: scratch.url.path))
    }

    static func append(_ log: EventLog, _ lines: [String]) throws {
        _ = try log.append(TestEvents.source(lines), recorder: "t", now: now)
    }

    /// RFC 9162's MTH over the log's lines, straight from the definition.
    static func independentRoot(_ log: EventLog, size: Int? = nil) throws -> [UInt8] {
        var lines: [[UInt8]] = []
        for segment in try Segment.list(in: log.layout.events) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment.path)))
            lines += bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        }
        func mth(_ d: ArraySlice<[UInt8]>) -> [UInt8] {
            if d.count == 1 { return Digest.sha256([0] + d.first!) }
            var k = 1
            while k * 2 < d.count { k *= 2 }
            return Digest.sha256([1] + mth(d.prefix(k)) + mth(d.dropFirst(k)))
        }
        let chosen = lines.prefix(size ?? lines.count)
        return chosen.isEmpty ? Digest.sha256([]) : mth(chosen[...])
    }

    @Test func theTreeFollowsAppendsAcrossSegmentsWithoutARebuild() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch)
        log.segmentLimit = 4096
        let lines = SampleEvents.lines(entities: 12, events: 60)
        for batch in stride(from: 0, to: lines.count, by: 9) {
            try Self.append(log, Array(lines[batch..<min(lines.count, batch + 9)]))
            #expect(try MerkleStore(layout: log.layout).seal.size == Int64(min(lines.count, batch + 9)))
            let head = try log.treeHead()
            #expect(head.root == (try Self.independentRoot(log)), "after \(head.size) records")
        }
        #expect(try Segment.list(in: log.layout.events).count > 3)
        // Each append extended the sealed tree itself: the seal covers the log without a proof asked for.
        let store = try MerkleStore(layout: log.layout)
        #expect(store.seal.size == 72)
    }

    @Test func everyInclusionAndConsistencyProofChecks() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch)
        log.segmentLimit = 2048
        try Self.append(log, SampleEvents.lines(entities: 5, events: 28))
        let size: Int64 = 33
        for n in 1...size {
            let root = try Self.independentRoot(log, size: Int(n))
            #expect(try log.treeHead(size: n).root == root)
            for seq in 1...n {
                let (proof, record) = try log.inclusionProof(seq: seq, size: n)
                #expect(record.seq == seq)
                #expect(proof.root == root)
                try proof.verify()
            }
            let consistency = try log.consistencyProof(old: n, new: size)
            #expect(consistency.oldRoot == root)
            try consistency.verify()
        }
        #expect(try log.treeRoots(at: [0, 1, 17, 33, 99]).count == 4)
        #expect(try log.treeRoots(at: [17])[17] == (try Self.independentRoot(log, size: 17)))
    }

    @Test func aMissingOrLaggingTreeCatchesUpAndAnotherHistoryIsRebuilt() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch)
        let lines = SampleEvents.lines(entities: 6, events: 30)
        try Self.append(log, Array(lines[..<20]))
        let seal = log.layout.state + "/tree.seal"
        let kept = try Data(contentsOf: URL(fileURLWithPath: seal))
        try Self.append(log, Array(lines[20...]))
        // The seal of 20 records: the next proof adds the other 16 leaves.
        try kept.write(to: URL(fileURLWithPath: seal))
        #expect(try log.treeHead().root == (try Self.independentRoot(log)))
        // A seal naming a record this log does not have (another branch) is rebuilt from the log.
        var other = String(decoding: kept, as: UTF8.self).split(separator: " ").map(String.init)
        other[3] = String(repeating: "ab", count: 32)
        try Data(other.joined(separator: " ").utf8).write(to: URL(fileURLWithPath: seal))
        #expect(try log.treeHead().root == (try Self.independentRoot(log)))
        try FileManager.default.removeItem(atPath: log.layout.state + "/tree")
        #expect(try log.treeHead().root == (try Self.independentRoot(log)))
    }

    @Test func aDamagedNodeIsNeverHandedOut() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch)
        try Self.append(log, SampleEvents.lines(entities: 4, events: 40))
        let tree = try FileHandle(forUpdating: URL(fileURLWithPath: log.layout.state + "/tree"))
        try tree.seek(toOffset: 5 * 32)  // an inner leaf, not a peak: the seal still checks
        try tree.write(contentsOf: Data(repeating: 0xEE, count: 32))
        try tree.close()
        for seq: Int64 in [2, 5, 6, 8, 44] {
            let (proof, _) = try log.inclusionProof(seq: seq)
            try proof.verify()
            #expect(proof.root == (try Self.independentRoot(log)))
        }
    }

    @Test func aRecordIsFoundByBisectingOneLargeSegment() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch)
        try Self.append(log, SampleEvents.lines(entities: 10, events: 1500))
        #expect(try Segment.list(in: log.layout.events).count == 1)
        #expect(
            try FileManager.default.attributesOfItem(atPath: log.layout.events + "/00000001.jsonl")[.size] as! Int
                > 8 * LineFinder.walk)
        for seq: Int64 in [1, 2, 700, 1233, 1509, 1510] {
            let (line, record) = try log.recordLine(seq: seq)
            #expect(record.seq == seq)
            #expect(try RecordCodec.decode(line[...]).seq == seq)
        }
    }

    /// `forEachRecord(after:)` starts by bisection, and gives exactly what a scan from the start gives.
    @Test(arguments: [0, 4096])
    func recordsAfterAPointAreTheScansTail(segmentLimit: Int) throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch)
        if segmentLimit > 0 { log.segmentLimit = segmentLimit }
        try Self.append(log, SampleEvents.lines(entities: 10, events: 1500))
        var all: [Record] = []
        try log.forEachRecord { record in
            all.append(record)
            return true
        }
        #expect(all.count == 1510)
        for after: Int64 in [0, 1, 2, 699, 1232, 1509, 1510] {
            var tail: [Record] = []
            try log.forEachRecord(after: after) { record in
                tail.append(record)
                return true
            }
            #expect(tail == Array(all[Int(after)...]), "after \(after)")
        }
    }
}
