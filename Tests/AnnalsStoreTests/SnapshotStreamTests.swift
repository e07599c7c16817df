import AnnalsCore
import Foundation
import Testing

@testable import AnnalsStore

/// The threaded snapshot writer and reader against single-threaded references.
@Suite("Snapshot streams: threaded writing and reading")
struct SnapshotStreamTests {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "snapshot-streams-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    /// About 6 MB of lines of varied lengths and contents (many 256 KiB chunks, many blocks).
    static func lines() -> [(line: [UInt8], table: String)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<40_000).map { i in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let text = String(repeating: "word\(state % 1000) ", count: Int(state >> 58) + 1)
            return (Array(#"{"key":["t\#(i / 9000)",\#(i)],"row":{"text":"\#(text)"}}"#.utf8), "t\(i / 9000)")
        }
    }

    static func header(rows: [String: Int64], digest: String, bytes: Int64) -> SnapshotHeader {
        SnapshotHeader(
            schema: 1, asOf: nil, knownAt: nil, seq: 7, chainHead: String(repeating: "ab", count: 32), rows: rows,
            digest: digest, bytes: bytes)
    }

    /// What the writer wrote before it had a second thread: one `GzipWriter` per member, fed
    /// the same chunks (at least 256 KiB, cut after a line) on the calling thread.
    func reference(_ lines: [(line: [UInt8], table: String)], to path: String) throws -> [UInt8] {
        let bodyPath = path + ".body"
        let body = try GzipWriter(path: bodyPath, level: SnapshotFile.level)
        var digest = StreamingDigest()
        var rows: [String: Int64] = [:]
        var chunk: [UInt8] = []
        for (line, table) in lines {
            chunk += line + [0x0A]
            rows[table, default: 0] += 1
            if chunk.count >= 1 << 18 {
                digest.update(chunk)
                try body.write(chunk)
                chunk = []
            }
        }
        digest.update(chunk)
        try body.write(chunk)
        try body.finish()
        let header = Self.header(rows: rows, digest: digest.finalizeHex(), bytes: Int64(body.bytesIn))
        let head = try GzipWriter(path: path, level: SnapshotFile.level)
        try head.write(CanonicalJSON.encode(header.json) + [0x0A])
        try head.finish()
        return Array(
            try Data(contentsOf: URL(fileURLWithPath: path)) + Data(contentsOf: URL(fileURLWithPath: bodyPath)))
    }

    @Test func theThreadedWriterWritesTheSingleThreadedBytes() throws {
        let lines = Self.lines()
        let path = dir + "/threaded.jsonl.gz"
        let written = try SnapshotFile.write(
            to: path, level: SnapshotFile.level,
            makeHeader: { rows, digest, bytes in Self.header(rows: rows, digest: digest, bytes: bytes) },
            body: { emit in for (line, table) in lines { try emit(line[...], table) } })
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == (try reference(lines, to: dir + "/reference.jsonl.gz")))
        #expect(written.bytes == bytes.count)
        #expect(written.header.rows.values.reduce(0, +) == Int64(lines.count))
        #expect(try SnapshotFile.checkDigest(path: path, name: "threaded") == written.header)
    }

    @Test func aFailingBodyLeavesNoFileAndNoThreadBehind() throws {
        struct Stop: Error {}
        let path = dir + "/failed.jsonl.gz"
        #expect(throws: Stop.self) {
            try SnapshotFile.write(
                to: path, level: SnapshotFile.level,
                makeHeader: { rows, digest, bytes in Self.header(rows: rows, digest: digest, bytes: bytes) },
                body: { emit in
                    for (n, (line, table)) in Self.lines().enumerated() {
                        if n == 30_000 { throw Stop() }
                        try emit(line[...], table)
                    }
                })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func theThreadedReaderReadsEveryLineAndChecksTheDigest() throws {
        let lines = Self.lines()
        let path = dir + "/read.jsonl.gz"
        let file = try reference(lines, to: dir + "/source.jsonl.gz")
        try Data(file).write(to: URL(fileURLWithPath: path))
        let reader = try SnapshotBodyReader(path: path, name: "read")
        let plain = try GzipLineReader(path: path)
        _ = try plain.nextLine()
        var n = 0
        while let line = try reader.nextLine() {
            #expect(line == lines[n].line[...])
            #expect(try plain.nextLine() == line)
            n += 1
        }
        #expect(try n == lines.count && plain.nextLine() == nil)
        try reader.finish()
        // One byte changed in the middle of the body: the reader stops or its digest fails.
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let damaged = try SnapshotBodyReader(path: path, name: "read")
        #expect(throws: SnapshotError.self) {
            while try damaged.nextLine() != nil {}
            try damaged.finish()
        }
        // Giving up half-way leaves no thread waiting.
        _ = try SnapshotBodyReader(path: path, name: "read").nextLine()
    }

    @Test func blocksEndAtLinesAcrossMembersAndLongLines() throws {
        // Two gzip members, a line longer than the block, and no final newline.
        let text = "short\n" + String(repeating: "x", count: 300) + "\nthird\nlast"
        let cut = text.utf8.count / 2
        let path = dir + "/members.gz"
        let parts = [Array(text.utf8)[..<cut], Array(text.utf8)[cut...]]
        var file: [UInt8] = []
        for (n, part) in parts.enumerated() {
            let w = try GzipWriter(path: path + "\(n)", level: 1)
            try w.write(Array(part))
            try w.finish()
            file += Array(try Data(contentsOf: URL(fileURLWithPath: path + "\(n)")))
        }
        try Data(file).write(to: URL(fileURLWithPath: path))
        let blocks = try GzipBlockReader(path: path, blockSize: 64)
        var all: [UInt8] = []
        while let block = try blocks.next() {
            #expect(block.last == 0x0A || all.count + block.count == text.utf8.count)
            all += block
        }
        #expect(all == Array(text.utf8))
        #expect(blocks.memberStarts.count == 2)
        let reader = try GzipLineReader(path: path)
        var lines: [String] = []
        while let line = try reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == text.split(separator: "\n").map(String.init))
        #expect(reader.bytesOut == text.utf8.count)
    }
}
