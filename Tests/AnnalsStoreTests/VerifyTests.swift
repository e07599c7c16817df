import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

/// `verify` checks chunks of lines on several threads, and still names the first defect in log
/// order, whichever chunk it is in and whichever thread finds something first.
@Suite("Verify in chunks on several threads")
struct VerifyTests {
    static let now = Timestamp(secondsSinceEpoch: 1_795_825_801)
    static let src = #""sources":[{"url":"https://example.org/a"}]"#

    static func entity(_ n: Int, title: String? = nil) -> String {
        #"{"type":"entity","title":"\#(title ?? "E\(n)")","occurred":"2020","entity":{"id":"org:e\#(n)","name":"Entity \#(n)"},\#(src)}"#
    }

    static func note(_ n: Int) -> String {
        #"{"type":"announcement","title":"Note \#(n)","occurred":"2021","actors":[{"entity":"org:e1","role":"r"}],\#(src)}"#
    }

    /// Log lines (with their newlines) sealing `events` in order; `prev` may replace the link of a seq.
    static func lines(_ events: [String], prev: [Int64: String] = [:]) throws -> [[UInt8]] {
        var head = Digest.genesis
        return try events.enumerated().map { n, json in
            let event = try EventDecoder.decode(try JSONParser.parse(Array(json.utf8)))
            let seq = Int64(n + 1)
            let (record, line) = RecordCodec.seal(
                event, id: RecordCodec.eventID(event), seq: seq, prev: prev[seq] ?? head, recorded: now,
                recorder: "t")
            head = record.hash
            return line + [0x0A]
        }
    }

    /// A log whose segments hold `segments`' bytes, named by their first seqs.
    static func log(_ scratch: ScratchFolder, _ segments: [(firstSeq: Int64, bytes: [UInt8])]) throws -> EventLog {
        let layout = try LedgerLayout.create(at: scratch.url.path)
        for (first, bytes) in segments {
            try Data(bytes).write(to: URL(fileURLWithPath: layout.events + "/" + Segment.name(first)))
        }
        return EventLog(layout: layout)
    }

    static func log(_ scratch: ScratchFolder, _ bytes: [UInt8]) throws -> EventLog { try log(scratch, [(1, bytes)]) }

    static let events = (1...3).map { entity($0) } + (1...27).map(note)

    /// The report `verify` gives with chunks of each size and any number of threads: all the same.
    static func report(_ log: EventLog) throws -> VerifyReport {
        let reference = try log.verify(threads: 0, chunkBytes: 1 << 20)
        for chunkBytes in [1, 97, 700, 2048] {
            for threads in [0, 1, 2, 3] {
                let report = try log.verify(threads: threads, chunkBytes: chunkBytes)
                let said = "\(threads) threads, chunks of \(chunkBytes) bytes"
                #expect(report.defect?.description == reference.defect?.description, "\(said)")
                #expect(report.records == reference.records && report.head == reference.head, "\(said)")
                #expect(report.lastRecorded == reference.lastRecorded, "\(said)")
            }
        }
        return reference
    }

    @Test func aSoundLogIsTheSameInAnyChunks() throws {
        let scratch = ScratchFolder()
        let lines = try Self.lines(Self.events)
        let log = try Self.log(scratch, lines.flatMap { $0 })
        let report = try Self.report(log)
        #expect(report.ok && report.records == 30)
        #expect(report.head == (try RecordCodec.decode(lines[29].dropLast())).hash)
    }

    @Test func theFirstOfDefectsInSeveralChunksWins() throws {
        let scratch = ScratchFolder()
        var lines = try Self.lines(Self.events)
        lines[20] = Array("not json\n".utf8)  // found by a worker
        lines[11][lines[11].count / 2] ^= 0x01  // found by a worker, earlier
        lines[6] = lines[5]  // found in order: a seq out of place, earlier still
        lines[27].removeLast()
        lines[27] += Array(" \n".utf8)
        let log = try Self.log(scratch, lines.flatMap { $0 })
        let defect = try #require(try Self.report(log).defect)
        #expect(defect.line == 7 && defect.seq == 7 && defect.segment == "Events/00000001.jsonl")
        #expect(defect.problem.hasPrefix("the record says seq 6, but its place in the log is seq 7"))
        // Without the earliest, the next one wins.
        lines[6] = try Self.lines(Self.events)[6]
        try Data(lines.flatMap { $0 }).write(to: URL(fileURLWithPath: log.layout.events + "/00000001.jsonl"))
        let next = try #require(try Self.report(log).defect)
        #expect(next.line == 12 && next.seq == 12, "\(next)")
    }

    @Test func aChainBrokenExactlyAtAChunkBoundary() throws {
        let scratch = ScratchFolder()
        let sound = try Self.lines(Self.events)
        let lines = try Self.lines(Self.events, prev: [11: (try RecordCodec.decode(sound[8].dropLast())).hash])
        let bytes = lines.flatMap { $0 }
        let log = try Self.log(scratch, bytes)
        // Chunks of exactly ten lines: the bad link is the first line of the second chunk.
        let boundary = lines[..<10].reduce(0) { $0 + $1.count }
        var reader = VerifyReader(segments: try Segment.list(in: log.layout.events), chunkBytes: boundary)
        #expect(reader.next()?.bytes == Array(bytes[..<boundary]))
        #expect(reader.next()?.bytes.starts(with: lines[10]) == true)
        for threads in [0, 2] {
            let defect = try #require(try log.verify(threads: threads, chunkBytes: boundary).defect)
            #expect(defect.line == 11 && defect.seq == 11, "\(defect)")
            #expect(defect.problem.hasPrefix("broken chain: prev is "), "\(defect)")
        }
        #expect(try Self.report(log).defect?.seq == 11)
    }

    @Test func aNameRepeatedInALaterChunk() throws {
        let scratch = ScratchFolder()
        var events = Self.events
        events[24] = Self.entity(2, title: "Registers E2 again")
        let log = try Self.log(scratch, try Self.lines(events).flatMap { $0 })
        let defect = try #require(try Self.report(log).defect)
        #expect(defect.seq == 25 && defect.line == 25)
        #expect(defect.problem == "entity org:e2 is defined a second time (the log holds a duplicate)")

        let again = ScratchFolder()
        events = Self.events
        events[17] = events[3]
        let twice = try Self.log(again, try Self.lines(events).flatMap { $0 })
        let repeated = try #require(try Self.report(twice).defect)
        #expect(repeated.seq == 18 && repeated.problem.hasPrefix("event ev_"), "\(repeated)")
    }

    @Test func aTornLastLine() throws {
        let scratch = ScratchFolder()
        let lines = try Self.lines(Self.events)
        let torn = Array(lines[29].dropLast())
        let log = try Self.log(scratch, lines[..<29].flatMap { $0 } + torn)
        let report = try Self.report(log)
        let defect = try #require(report.defect)
        #expect(defect.line == 30 && defect.seq == 30)
        #expect(
            defect.problem
                == "incomplete last line (\(torn.count) bytes without a final newline); 'annals repair' removes it")
        #expect(report.records == 29)
        #expect(report.head == (try RecordCodec.decode(lines[28].dropLast())).hash)
    }

    @Test func segmentsEmptyMisnamedOrTornInTheMiddle() throws {
        let lines = try Self.lines(Self.events)
        let first = lines[..<12].flatMap { $0 }
        let second = lines[12...].flatMap { $0 }
        let cases: [([(Int64, [UInt8])], String)] = [
            ([(1, first), (13, second)], ""),
            ([(1, first), (13, []), (14, second)], "Events/00000013.jsonl line 1 (seq 13): an empty segment"),
            ([(1, first), (14, second)], "Events/00000014.jsonl line 1 (seq 13): the segment is named for seq 14"),
            (
                [(1, Array(first.dropLast())), (13, second)],
                "Events/00000001.jsonl line 12 (seq 12): incomplete last line"
            ),
        ]
        for (segments, expected) in cases {
            let scratch = ScratchFolder()
            let report = try Self.report(try Self.log(scratch, segments.map { (firstSeq: $0.0, bytes: $0.1) }))
            let said = report.defect.map(\.description) ?? ""
            #expect(said.hasPrefix(expected), "\(said)")
            #expect(report.segments == segments.count)
        }
    }

    @Test func aLineLongerThanAnyRecordStopsTheReadingAsBefore() throws {
        let lines = try Self.lines(Self.events)
        // The line reader verify used to read with refused a line when, after one of its 1 MiB
        // reads, it held more than 1 MiB of it without a newline; other long lines were decoded.
        let refused = "line 4 (seq 0): a line longer than \(LineReader.maxLine) bytes"
        let cases: [(Int, String?)] = [(300_000, nil), (1_500_000, nil), (2_500_000, refused), (4_000_000, refused)]
        for (length, refused) in cases {
            let scratch = ScratchFolder()
            let long = [UInt8](repeating: 0x61, count: length) + [0x0A]
            let log = try Self.log(scratch, lines[..<3].flatMap { $0 } + long + lines[3...].flatMap { $0 })
            for threads in [0, 2] {
                for chunkBytes in [4096, 1 << 20] {
                    if let refused {
                        do {
                            _ = try log.verify(threads: threads, chunkBytes: chunkBytes)
                            Issue.record("a line of \(length) bytes was not refused")
                        } catch {
                            #expect("\(error)".contains(refused), "\(error)")
                        }
                    } else {
                        let defect = try log.verify(threads: threads, chunkBytes: chunkBytes).defect
                        let problem = defect?.problem ?? ""
                        #expect(defect?.line == 4 && problem.hasPrefix("not valid JSON"), "\(problem)")
                    }
                }
            }
        }
    }

    @Test func everyFlippedByteIsFoundAtTheSamePlaceInAnyChunks() throws {
        let scratch = ScratchFolder()
        let original = try Self.lines(Array(Self.events[..<6])).flatMap { $0 }
        let log = try Self.log(scratch, original)
        let path = log.layout.events + "/00000001.jsonl"
        for i in stride(from: 0, to: original.count, by: 7) {
            var bytes = original
            bytes[i] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reference = try log.verify(threads: 0, chunkBytes: 1 << 20)
            #expect(reference.defect != nil, "byte \(i)")
            for chunkBytes in [200, 1000] {
                let report = try log.verify(threads: 2, chunkBytes: chunkBytes)
                #expect(report.defect?.description == reference.defect?.description, "byte \(i)")
            }
        }
    }

    @Test func progressCountsEveryTenThousandRecordsAndTheEnd() throws {
        let scratch = ScratchFolder()
        let log = try Self.log(scratch, try Self.lines(Self.events).flatMap { $0 })
        var seen: [Int64] = []
        _ = try log.verify(threads: 2, chunkBytes: 500) { seen.append($0) }
        #expect(seen == [30])
    }
}
