import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

/// The pipelined append (lines prepared on worker threads, validated and sealed in order) against
/// the sequential one: the same records, byte for byte, the same duplicates, the same first error.
@Suite("Append pipeline")
struct PreparePipelineTests {
    typealias T = EventLogTests

    /// What an append did: its outcome and the log's bytes, or its error.
    struct Result: Equatable {
        var report: String
        var log: [UInt8]
    }

    /// `input` appended after `before` (appended sequentially) to a fresh log, pipelined or not.
    static func append(
        _ input: [UInt8], after before: [String] = [], pipelined: Bool, chunkBytes: Int = 1 << 12, workers: Int = 2
    ) throws -> Result {
        let scratch = ScratchFolder()
        let layout = try LedgerLayout.create(at: scratch.url.path)
        let log = EventLog(layout: layout)
        if !before.isEmpty { _ = try log.append(try TestEvents.source(before), recorder: "t", now: T.now) }
        var report: String
        do {
            let outcome = try log.append(
                preparing: { preparer, body in
                    // In pieces, as a file is read: a NUL byte is found in the piece that holds it.
                    var offset = 0
                    let next = { () -> [UInt8]? in
                        guard offset < input.count else { return nil }
                        defer { offset = min(input.count, offset + 3000) }
                        return Array(input[offset..<min(input.count, offset + 3000)])
                    }
                    if pipelined {
                        try PreparePipeline.forEachItem(
                            reading: next, preparer: preparer, chunkBytes: chunkBytes, workers: workers, body)
                    } else {
                        try InputParser.forEachItem(reading: next, body)
                    }
                }, recorder: "t", now: T.now)
            report = "appended \(outcome.appended.map { "\($0.location) \($0.seq) \($0.id)" })"
            report += " duplicates \(outcome.duplicates)"
        } catch {
            report = "error \(error)"
        }
        var bytes: [UInt8] = []
        for segment in try Segment.list(in: layout.events) {
            bytes += Array(try Data(contentsOf: URL(fileURLWithPath: segment.path)))
        }
        return Result(report: report, log: bytes)
    }

    static func input(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    /// Checks that the pipeline, with several chunk sizes and worker counts, does what the
    /// sequential path does; returns that.
    @discardableResult
    static func expectSame(_ input: [UInt8], after before: [String] = []) throws -> Result {
        let expected = try append(input, after: before, pipelined: false)
        for (chunk, workers) in [(1, 1), (700, 2), (1 << 12, 2), (1 << 14, 3), (1 << 20, 2)] {
            let got = try append(input, after: before, pipelined: true, chunkBytes: chunk, workers: workers)
            #expect(got.report == expected.report, "chunks of \(chunk) bytes, \(workers) workers")
            #expect(got.log == expected.log, "chunks of \(chunk) bytes, \(workers) workers")
        }
        return expected
    }

    @Test func manyEventsGiveTheSameRecords() throws {
        let result = try Self.expectSame(Self.input(SampleEvents.lines(events: 1500)))
        #expect(result.report.hasPrefix("appended"))
        #expect(result.log.count(where: { $0 == 0x0A }) == 1520)
    }

    @Test func blankLinesAndALastLineWithoutNewline() throws {
        var lines = SampleEvents.lines(events: 300)
        for i in stride(from: 250, to: 10, by: -37) { lines.insert(i % 2 == 0 ? "" : "  \t", at: i) }
        var input = Self.input(lines)
        input.removeLast()
        try Self.expectSame(input)
    }

    @Test func duplicatesWithinTheBatchAndInTheLog() throws {
        var lines = SampleEvents.lines(events: 400)
        lines += lines[100..<130]  // again, chunks later
        lines.insert(lines[5], at: 300)
        let result = try Self.expectSame(Self.input(lines), after: Array(lines[0..<60]))
        #expect(result.report.contains("existingSeq: nil"))
        #expect(result.report.contains("existingSeq: Optional(7)"))
    }

    @Test func aliasesDefinedInOneChunkAreUsedInTheNext() throws {
        var lines = SampleEvents.lines(events: 200)
        lines += (0..<20).map {
            #"{"type":"announcement","title":"By alias \#($0)","occurred":"2024","actors":[{"entity":"Gen Alias \#($0)","role":"r"}],"sources":[{"url":"https://example.org/a"}]}"#
        }
        // Entities registered late in the input, then named by their aliases.
        lines += (0..<5).map {
            #"{"type":"entity","title":"Late \#($0)","occurred":"2020","entity":{"id":"org:late-\#($0)","name":"Late \#($0)","aliases":["Tardy \#($0)"]},"sources":[{"url":"https://example.org/a"}]}"#
        }
        lines += (0..<5).map {
            #"{"type":"report","title":"Tardy \#($0)","occurred":"2024","actors":[{"entity":"tardy \#($0)","role":"r"}],"claims":[{"id":"claim:tardy","stance":"reports","statement":"Tardy"}],"sources":[{"url":"https://example.org/a"}]}"#
        }
        let result = try Self.expectSame(Self.input(lines))
        #expect(result.report.hasPrefix("appended"))
    }

    @Test func textsNotInNFCAreDecidedAsBefore() throws {
        func report(_ title: String) -> String {
            #"{"type":"report","title":"\#(title)","occurred":"2024","claims":[{"id":"claim:nfc","stance":"reports","statement":"S"}],"sources":[{"url":"https://example.org/a"}]}"#
        }
        // The NFD form is logged first, as a log written before texts were normalised holds it.
        let before = [report("Cafe\\u0301 0")]
        var lines = SampleEvents.lines(events: 100)
        lines += [before[0], report("Cafe\\u0301 1"), report("Cafe\\u0301 1"), report("Café 1"), report("Café 0")]
        try Self.expectSame(Self.input(lines), after: before)
    }

    /// Errors in several chunks: the first in input order is reported, whichever a worker met first.
    @Test(arguments: [
        [
            900: "{not json",
            600:
                #"{"type":"announcement","title":"x","occurred":"2026","actors":[{"entity":"org:nobody","role":"r"}],"sources":[{"url":"https://e.org/a"}]}"#,
        ],
        [300: #"{"type":"announcement","title":"x","occurred":"2026","sources":[]}"#, 1200: "[1,2"],
        [
            1000: #"{"type":"announcement","title":"x","occurred":"2099","sources":[{"url":"https://e.org/a"}]}"#,
            1100: "{}",
        ],
        [
            700:
                #"{"type":"announcement","title":"x","occurred":"2026","actors":[{"entity":"nobody at all","role":"r"}],"sources":[{"url":"https://e.org/a"}]}"#,
            710: "nope",
        ],
    ])
    func theFirstErrorByInputOrderWins(_ bad: [Int: String]) throws {
        var lines = SampleEvents.lines(events: 1300)
        for (at, line) in bad { lines[at] = line }
        let result = try Self.expectSame(Self.input(lines))
        #expect(result.report.hasPrefix("error line \(bad.keys.min()! + 1)"))
        #expect(result.log.isEmpty)
    }

    /// A NUL byte or a line too long stops the input where it is; an invalid line before it
    /// is still the error reported.
    @Test func inputErrorsComeAfterTheLinesBeforeThem() throws {
        let lines = SampleEvents.lines(events: 600)
        let long = #"{"type":"announcement","title":""# + String(repeating: "x", count: Limits.recordBytes) + #""}"#
        for stop in [Array("\u{0}".utf8), Array(long.utf8)] {
            var input = Self.input(Array(lines[0..<500]))
            input += stop
            input += Self.input(Array(lines[500...]))
            let stopped = try Self.expectSame(input)
            #expect(stopped.report.hasPrefix("error"))
            var bad = lines
            bad[400] = "{]"
            var earlier = Self.input(Array(bad[0..<500]))
            earlier += stop
            earlier += Self.input(Array(bad[500...]))
            let result = try Self.expectSame(earlier)
            #expect(result.report.hasPrefix("error line 401"))
        }
    }

    @Test func arraysAndAPrettyObjectTakeTheWholeInput() throws {
        let lines = SampleEvents.lines(events: 30)
        try Self.expectSame(Array(("[" + lines.joined(separator: ",\n") + "]").utf8))
        try Self.expectSame(
            Array(
                "{\n  \"type\": \"entity\",\n  \"title\": \"P\",\n  \"occurred\": \"2020\",\n  \"entity\": {\"id\": \"org:p\", \"name\": \"P\"},\n  \"sources\": [{\"url\": \"https://e.org/a\"}]\n}\n"
                    .utf8))
        try Self.expectSame(Array("{\n  \"type\": \n".utf8))
    }
}
