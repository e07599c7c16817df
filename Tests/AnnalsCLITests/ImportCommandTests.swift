import Foundation
import Testing

/// `annals import csv`, run through the real binary on the shipped example sheet and on bad sheets.
@Suite("Importing a spreadsheet")
struct ImportCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sheet = repo.appendingPathComponent("Tools/examples/ai-chips-sheet.csv")
    static let map = repo.appendingPathComponent("Tools/examples/ai-chips-sheet.map.json")

    /// A temp ledger with the shipped ledger's entity registrations appended (their events, unsealed).
    static func ledgerWithEntities() throws -> TestLedger {
        let l = try TestLedger()
        var lines: [String] = []
        let dir = repo.appendingPathComponent("Events")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        where file.hasSuffix(".jsonl") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(#""type":"entity""#) {
                var o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                for k in ["seq", "prev", "hash", "id", "recorded", "recorder"] { o.removeValue(forKey: k) }
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: o), as: UTF8.self))
            }
        }
        let file = try l.dir.write("entities.jsonl", lines.joined(separator: "\n"))
        let r = try l.run(["append", "--file", file.path])
        try #require(r.status == 0, "\(r.stderr)")
        return l
    }

    @Test func importsTheExampleSheetOnceAndDryRunsIt() throws {
        let l = try Self.ledgerWithEntities()
        let before = try l.fingerprint()
        let dry = try l.run(["import", "csv", Self.sheet.path, "--map", Self.map.path, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would append 5 events from 5 rows"))
        #expect(dry.stdout.contains("would append: row 2 (line 2)"))
        #expect(try l.fingerprint() == before)

        let first = try l.run(["import", "csv", Self.sheet.path, "--map", Self.map.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("appended 5 events from 5 rows"))
        let log = try l.run(["log", "--format", "jsonl"])
        #expect(log.stdout.contains("Chinese embassy rejects White House distillation accusation"))
        let afterFirst = try l.fingerprint()

        let again = try l.run(["import", "csv", Self.sheet.path, "--map", Self.map.path, "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [String: Any]
        #expect(report["appendedCount"] as? Int == 0)
        #expect((report["alreadyImported"] as? [Any])?.count == 5)
        #expect(try l.fingerprint() == afterFirst)

        // A row changed in the sheet since: reported, not appended.
        let text = try String(contentsOf: Self.sheet, encoding: .utf8)
        let changed = try l.dir.write(
            "changed.csv", text.replacingOccurrences(of: "Chinese embassy rejects", with: "Chinese embassy denies"))
        let c = try l.run(["import", "csv", changed.path, "--map", Self.map.path, "--dry-run"])
        #expect(c.stderr.contains("(external id AIC-005) differs from the logged event ev_"))
        #expect(c.stderr.contains("append a correction"))

        // The same events under new external ids: likely duplicates for a person to look at.
        let renamed = try l.dir.write("renamed.csv", text.replacingOccurrences(of: "AIC-", with: "NEW-"))
        let d = try l.run(["import", "csv", renamed.path, "--map", Self.map.path, "--dry-run"])
        #expect(d.stderr.contains("likely duplicate: row 2 (line 2) and ev_"))
        #expect(d.stderr.contains("same date and source URL"))
        #expect(try l.fingerprint() == afterFirst)
    }

    /// (name, sheet bytes, map override or nil, words stderr must hold)
    static func badSheets() throws -> [(String, [UInt8], String?, [String])] {
        let text = try String(contentsOf: sheet, encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n")
        func with(_ row: Int, _ f: (String) -> String) -> [UInt8] {
            var l = lines
            l[row - 1] = f(l[row - 1])
            return Array(l.joined(separator: "\r\n").utf8)
        }
        return [
            (
                "stray quote", with(3) { $0.replacingOccurrences(of: "Reuters:", with: "Reu\"ters:") },
                nil, ["row 3 (line 3), column 4", "double quote"]
            ),
            (
                "mixed encodings", with(4) { $0 }.replacingFirst("DeepSeek's Nature".utf8, with: [0x44, 0xE9]),
                nil, ["row 4 (line 4), column 4", "not UTF-8", "re-save the file as UTF-8"]
            ),
            (
                "missing mapped column", Array(text.replacingOccurrences(of: "Headline", with: "Heading").utf8),
                nil, ["mapping key 'title'", "\"Headline\"", "\"Heading\""]
            ),
            (
                "empty required cell",
                with(2) { $0.replacingOccurrences(of: "AIC-001,Response,27/01/2025", with: "AIC-001,Response,") },
                nil, ["row 2 (line 2), column 'Date'", "the cell is empty"]
            ),
            (
                "date not matching", with(2) { $0.replacingOccurrences(of: "27/01/2025", with: "2025-01-27") },
                nil, ["row 2 (line 2), column 'Date' = \"2025-01-27\"", "DD/MM/YYYY"]
            ),
            (
                "unknown value", with(2) { $0.replacingOccurrences(of: ",Response,", with: ",Rebuttal,") },
                nil, ["column 'Kind' = \"Rebuttal\"", "\"Accusation\""]
            ),
            (
                "unknown entity", with(2) { $0.replacingOccurrences(of: "org:nvidia", with: "org:nvidiaa") },
                nil, ["row 2 (line 2), column 'Actor' = \"org:nvidiaa\"", "did you mean org:nvidia"]
            ),
            (
                "bad mapping", Array(text.utf8), #"{"type":{"column":"Kind"},"title":{"colum":"x"}}"#,
                ["mapping key 'title.colum'"]
            ),
        ]
    }

    @Test func badSheetsAreRefusedWholeNamingRowAndColumn() throws {
        let l = try Self.ledgerWithEntities()
        let before = try l.fingerprint()
        for (name, bytes, map, words) in try Self.badSheets() {
            let file = try l.dir.write("bad.csv", bytes: bytes)
            let mapFile = try map.map { try l.dir.write("bad.map.json", $0) } ?? Self.map
            let r = try l.run(["import", "csv", file.path, "--map", mapFile.path])
            #expect(r.status == 65, "\(name): \(r.stderr)")
            for w in words { #expect(r.stderr.contains(w), "\(name): \(r.stderr)") }
            #expect(r.stderr.contains("Fix:"), "\(name)")
            #expect(try l.fingerprint() == before, "\(name)")
        }
    }

    /// A 100 MB cell stops at the cell cap, naming row and column, in bounded memory.
    @Test func aHundredMegabyteCellIsRefused() throws {
        let l = try Self.ledgerWithEntities()
        let before = try l.fingerprint()
        let text = try String(contentsOf: Self.sheet, encoding: .utf8)
        let head = text.components(separatedBy: "\r\n")[0] + "\r\n"
        let path = l.dir.url.appendingPathComponent("huge.csv")
        FileManager.default.createFile(atPath: path.path, contents: Data(("\(head)AIC-1,Report,01/01/2025,\"").utf8))
        let h = try FileHandle(forWritingTo: path)
        h.seekToEndOfFile()
        let block = Data(repeating: 0x61, count: 1 << 20)
        for _ in 0..<100 { h.write(block) }
        h.write(Data("\"\r\n".utf8))
        try h.close()
        let r = try l.run(["import", "csv", path.path, "--map", Self.map.path])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("row 2 (line 2), column 4"), "\(r.stderr)")
        #expect(r.stderr.contains("larger than"))
        #expect(try l.fingerprint() == before)
    }
}

extension Array where Element == UInt8 {
    /// These bytes with the first run of `old` replaced by `new`.
    func replacingFirst(_ old: String.UTF8View, with new: [UInt8]) -> [UInt8] {
        let o = Array(old)
        guard let at = indices.first(where: { self[$0...].starts(with: o) }) else { return self }
        return Array(self[..<at]) + new + Array(self[(at + o.count)...])
    }
}
