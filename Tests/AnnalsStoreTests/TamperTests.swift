import Annals
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsStore

/// Every single-byte change anywhere in the log or in a snapshot is caught, with the exact seq.
@Suite("Tamper evidence, byte by byte")
struct TamperTests {
    static let src = #""sources":[{"url":"https://example.org/a","quote":"q\"uoted"}]"#
    static let events = [
        #"{"type":"entity","title":"Registers Alpha","occurred":"2020","entity":{"id":"org:a","name":"Alpha"},\#(src)}"#,
        #"{"type":"accusation","title":"Alpha accuses","occurred":"2025-01-02","actors":[{"entity":"org:a","role":"accuser"}],"claims":[{"id":"claim:x","stance":"asserts","statement":"X"}],\#(src)}"#,
        #"{"type":"ban","title":"Ban","occurred":"2025-03","ban":{"id":"ban:b","authority":"org:a","targets":["org:a"]},\#(src)}"#,
    ]

    func ledger() throws -> (ScratchFolder, Ledger) {
        let s = ScratchFolder()
        let ledger = try Ledger.create(at: s.url.path)
        _ = try ledger.append(input: Array(Self.events.joined(separator: "\n").utf8), recorder: "tamper test")
        return (s, ledger)
    }

    @Test func everyByteOfTheLogIsCovered() throws {
        let (scratch, ledger) = try ledger()
        defer { withExtendedLifetime(scratch) {} }
        let segment = ledger.layout.events + "/00000001.jsonl"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: segment)))
        // The seq of the line each byte belongs to (a newline belongs to the line it ends).
        var seqOf: [Int64] = []
        var seq: Int64 = 1
        for b in original {
            seqOf.append(seq)
            if b == 0x0A { seq += 1 }
        }
        var caught = 0
        for i in original.indices {
            var bytes = original
            bytes[i] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: segment))
            let report = try ledger.verify()
            let defect = try #require(report.defect, "a flip at byte \(i) went unnoticed")
            #expect(
                defect.seq == seqOf[i], "byte \(i): reported seq \(defect.seq), expected \(seqOf[i]): \(defect.problem)"
            )
            caught += 1
        }
        try Data(original).write(to: URL(fileURLWithPath: segment))
        #expect(try ledger.verify().ok)
        #expect(caught == original.count && caught > 1000)
    }

    @Test func everyByteOfASnapshotIsCovered() throws {
        let (scratch, ledger) = try ledger()
        defer { withExtendedLifetime(scratch) {} }
        let info = try ledger.createSnapshot(.init(), name: "s", force: false)
        let original = try Data(contentsOf: URL(fileURLWithPath: info.path))
        for i in 0..<original.count {
            var bytes = original
            bytes[i] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: info.path))
            #expect(throws: (any Error).self, "a flip at byte \(i) of \(original.count) went unnoticed") {
                try ledger.verifySnapshot("s")
            }
        }
        try original.write(to: URL(fileURLWithPath: info.path))
        _ = try ledger.verifySnapshot("s")
    }

    @Test func aForeignOrDamagedProjectionDatabaseIsRebuilt() throws {
        let (scratch, ledger) = try ledger()
        defer { withExtendedLifetime(scratch) {} }
        _ = try ledger.reader()
        let db = ledger.layout.state + "/annals.sqlite"
        for garbage in [Data("not a database at all".utf8), Data(count: 4096)] {
            try garbage.write(to: URL(fileURLWithPath: db))
            nonisolated(unsafe) var notices: [String] = []
            ledger.notice = { notices.append($0) }
            let claims = try ledger.reader().claims()
            #expect(claims.count == 1)
            #expect(notices.contains { $0.contains("built the projection database") })
        }
        // Another SQLite database (not an Annals projection) is never trusted either.
        try FileManager.default.removeItem(atPath: db)
        let other = try GRDBScratch.makeForeign(at: db)
        #expect(other)
        nonisolated(unsafe) var notices: [String] = []
        ledger.notice = { notices.append($0) }
        _ = try ledger.reader().claims()
        #expect(notices.contains { $0.contains("not an Annals projection") })
    }
}

/// Makes a plain SQLite database with the sqlite3 shell (no Annals schema).
enum GRDBScratch {
    static func makeForeign(at path: String) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "sqlite3", path,
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('kind','live');",
        ]
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}
