import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `annals import csv` against hostile sheets, mappings and leftovers, through the real binary:
/// each refused case leaves `Events/` byte-identical and no scratch file behind, a killed
/// import's scratch file is never replayed, and memory stays bounded whatever the rows.
@Suite("Hostile imports")
struct HostileImportTests {
    static let header = "Ref,Date,Headline,Link"
    static let map = #"""
        {"external_id": {"column": "Ref"}, "type": {"const": "report"}, "title": {"column": "Headline"},
         "occurred": {"column": "Date"}, "sources": [{"url": {"column": "Link"}}],
         "claim": {"id": {"const": "claim:reservoir-low"}, "stance": {"const": "reports"},
                   "statement": {"const": "The reservoir is below its safe level."}}}
        """#

    /// A water-dispute sheet of `count` rows from `first` on, with external ids of `idLength` characters.
    static func sheet(_ count: Int, first: Int = 1, idLength: Int = 0, prefix: String = "W") -> String {
        var lines = [header]
        lines.reserveCapacity(count + 1)
        let pad = String(repeating: "r", count: max(0, idLength - prefix.count - 12))
        for n in first..<(first + count) {
            lines.append(
                "\(prefix)\(pad)-\(n),2024-03-\(String(format: "%02d", n % 28 + 1)),"
                    + "Reservoir level report \(n),https://water.example.org/reports/\(n)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scratchFiles(_ l: TestLedger) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: l.root.appendingPathComponent(".annals").path)
            .filter { $0.hasPrefix("import-") }
    }

    static func recordCount(_ l: TestLedger) throws -> Int {
        try l.fingerprint().values.reduce(0) { $0 + $1.filter { $0 == 0x0A }.count }
    }

    /// (name, sheet bytes, mapping, environment, words stderr must hold, words it must not)
    static let hostile: [(String, [UInt8], String, [String: String], [String], [String])] = [
        (
            "terminal escape in a header", Array("Ref,Date,\u{1B}]0;owned\u{07}Head,Link\nW-1,2024-03-01,t,u\n".utf8),
            map, [:], ["mapping key 'title'", #"\u{1b}]0;owned\u{7}Head"#], ["\u{1B}", "\u{07}"]
        ),
        (
            "control character in a mapping key", Array(sheet(1).utf8),
            map.replacingOccurrences(of: #""type""#, with: #""ty\u001b[2Jpe""#), [:],
            [#"mapping key 'ty\u{1b}[2Jpe'"#], ["\u{1B}"]
        ),
        (
            "bidi control in a mapped column", Array(sheet(1).utf8),
            map.replacingOccurrences(of: #""Headline""#, with: #""Head\u202eline""#), [:],
            [#"Head\u{202e}line"#, #""Headline""#], ["\u{202E}"]
        ),
        (
            "300,000-column header",
            Array(
                ("Ref,Date,Link," + (1...300_000).map { "c\($0)" }.joined(separator: ",") + "\nW-1,2024-03-01,u\n").utf8
            ),
            map, [:], ["mapping key 'title'", "(300003 in all)"], []
        ),
        (
            "repeated external id", Array((sheet(2) + "W-1,2024-03-09,Again,https://water.example.org/x\n").utf8),
            map, [:], ["row 4 (line 4), column 'Ref'", "row 2 has the same external id"], []
        ),
        (
            "sheet past the batch limit", Array(sheet(50).utf8) + [UInt8](repeating: 0x0A, count: 20_000), map,
            ["ANNALS_IMPORT_LIMIT_BYTES": "10000"], ["the sheet is larger than 10000 bytes", "split the sheet"], []
        ),
        (
            "events past the batch limit", Array(sheet(150).utf8), map, ["ANNALS_IMPORT_LIMIT_BYTES": "16000"],
            ["the sheet's events come to more than 16000 bytes", "split the sheet"], []
        ),
    ]

    @Test(arguments: hostile.indices)
    func hostileInputIsRefusedWithTheLedgerUnchanged(_ i: Int) throws {
        let (name, bytes, mapping, environment, words, absent) = Self.hostile[i]
        let l = try TestLedger()
        try #require(
            try l.run([
                "import", "csv", l.dir.write("ok.csv", Self.sheet(3)).path, "--map",
                l.dir.write("ok.map.json", Self.map).path,
            ]).status == 0)
        let before = try l.fingerprint()
        let file = try l.dir.write("hostile.csv", bytes: bytes)
        let mapFile = try l.dir.write("hostile.map.json", mapping)
        let r = try l.run(["import", "csv", file.path, "--map", mapFile.path], environment: environment)
        #expect(r.status == 65, "\(name): \(r.stderr)")
        for w in words { #expect(r.stderr.contains(w), "\(name): \(r.stderr.prefix(2000))") }
        for w in absent { #expect(!r.stderr.contains(w), "\(name): raw \(w.unicodeScalars.first!.value) echoed") }
        #expect(r.stderr.utf8.count < 4000, "\(name): a \(r.stderr.utf8.count)-byte message")
        #expect(try l.fingerprint() == before, "\(name)")
        #expect(try Self.scratchFiles(l).isEmpty, "\(name)")
    }

    /// An already-imported row's external id is quoted escaped in the note.
    @Test func anExternalIDIsEscapedInNotes() throws {
        let l = try TestLedger()
        let file = try l.dir.write("s.csv", "\(Self.header)\nW\u{1B}[31m-1,2024-03-01,Pump fails,https://w.example/1\n")
        let mapFile = try l.dir.write("m.json", Self.map)
        let first = try l.run(["import", "csv", file.path, "--map", mapFile.path])
        // The validator refuses a control character in an external id: the escape is never logged.
        #expect(first.status == 65, "\(first.stderr)")
        #expect(!first.stderr.contains("\u{1B}"), "\(first.stderr)")
        #expect(try Self.recordCount(l) == 0)
    }

    /// A killed import left scratch files, one under the name the old scheme gives a process that is
    /// pid 1 in its PID namespace; the next import runs as pid 1 (through `unshare`, when the system
    /// allows it) and must append only its own sheet, and sweep every leftover.
    @Test func aKilledImportsScratchFileIsNeverReplayed() throws {
        let l = try TestLedger()
        let mapFile = try l.dir.write("m.json", Self.map)
        let first = try l.run(["import", "csv", l.dir.write("a.csv", Self.sheet(3)).path, "--map", mapFile.path])
        try #require(first.status == 0, "\(first.stderr)")
        // 40 events of another sheet, as a killed import's scratch file holds them.
        let stale =
            (1...40).map {
                #"{"claims":[{"id":"claim:reservoir-low","stance":"reports"}],"external_id":"OLD-\#($0)","#
                    + #""occurred":"2023-01-01","sources":[{"url":"https://old.example/\#($0)"}],"#
                    + #""title":"Old sheet row \#($0)","type":"report"}"#
            }.joined(separator: "\n") + "\n"
        let state = l.root.appendingPathComponent(".annals")
        for name in [
            "import-1.jsonl", "import-2.jsonl", "import-00ff00ff00ff00ff00ff00ff00ff00ff.jsonl", "import-x.keys",
        ] {
            try Data(stale.utf8).write(to: state.appendingPathComponent(name))
        }
        let args = ["import", "csv", try l.dir.write("b.csv", Self.sheet(2, first: 4)).path, "--map", mapFile.path]
        let unshare = URL(fileURLWithPath: "/usr/bin/unshare")
        let namespace = ["-U", "-r", "-p", "-f", "--"]
        let env = ProcessInfo.processInfo.environment.merging(["ANNALS_RECORDER": "T"]) { $1 }
        if (try? runProcess(unshare, namespace + ["/bin/true"], in: l.root, environment: env))?.0 == 0 {
            let (status, _, errors) = try runProcess(
                unshare, namespace + [Annals.binary.path] + args, in: l.root, environment: env)
            #expect(status == 0, "\(errors)")
        } else {
            // No PID namespace here: the leftovers must still be ignored and swept.
            let r = try l.run(args)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try Self.recordCount(l) == 5)
        let log = try l.run(["log", "--format", "jsonl"])
        #expect(!log.stdout.contains("Old sheet row"))
        #expect(log.stdout.contains("Reservoir level report 5"))
        #expect(try Self.scratchFiles(l).isEmpty)
        #expect(try l.run(["verify"]).status == 0)
    }

    /// A leftover scratch file is swept by the next command that takes the lock, an append.
    @Test func anAppendSweepsLeftovers() throws {
        let l = try TestLedger()
        let state = l.root.appendingPathComponent(".annals")
        try Data(repeating: 0x61, count: 1 << 20).write(to: state.appendingPathComponent("import-4242.jsonl"))
        let r = try l.run(
            ["append", "--file", "-"],
            stdin:
                #"{"type":"report","title":"Meter audit","occurred":"2024-02-02","sources":[{"url":"https://w.example/a"}],"#
                + #""claims":[{"id":"claim:meters","stance":"reports","statement":"Meters under-read."}]}"#)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.scratchFiles(l).isEmpty)
    }

    /// SIGTERM in the middle of an import (its sheet a FIFO still being written) removes its scratch files.
    @Test func anInterruptedImportRemovesItsScratchFiles() throws {
        let l = try TestLedger()
        let fifo = l.dir.url.appendingPathComponent("sheet.csv")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        let mapFile = try l.dir.write("m.json", Self.map)
        let before = try l.fingerprint()
        let run = try BackgroundProcess(
            Annals.binary, ["import", "csv", fifo.path, "--map", mapFile.path], in: l.root,
            environment: ["ANNALS_RECORDER": "T"], output: l.dir.url.appendingPathComponent("out"),
            errors: l.dir.url.appendingPathComponent("err"), lifetime: 60)
        var writer: Int32 = -1
        let deadline = Date().addingTimeInterval(30)
        while writer < 0 && Date() < deadline && run.isRunning {
            writer = open(fifo.path, O_WRONLY | O_NONBLOCK)
            if writer < 0 { usleep(20_000) }
        }
        try #require(writer >= 0, "the import never opened its sheet: \(run.errorText())")
        defer { close(writer) }
        let rows = Array(Self.sheet(20).utf8)
        #expect(rows.withUnsafeBytes { write(writer, $0.baseAddress!, $0.count) } == rows.count)
        #expect(try Self.scratchFiles(l).count >= 2)
        let status = run.stop()
        #expect(status.map { ($0 & 0x7F) != 0 || ($0 >> 8) & 0xFF != 0 } == true)
        #expect(try Self.scratchFiles(l).isEmpty)
        #expect(try l.fingerprint() == before)
    }

    /// Peak memory of importing `rows` rows with 200-character external ids, appended to the ledger.
    /// The sheet is written in pieces: `MeasuredRun`'s peak also counts this test process's own
    /// high-water mark (`posix_spawn` shares its memory until the child execs), which must stay small.
    static func peak(rows: Int, in l: TestLedger, name: String) throws -> Int {
        let file = l.dir.url.appendingPathComponent(name)
        try #require(FileManager.default.createFile(atPath: file.path, contents: nil))
        let out = try FileHandle(forWritingTo: file)
        for start in stride(from: 1, through: rows, by: 10_000) {
            var piece = sheet(min(10_000, rows - start + 1), first: start, idLength: 200, prefix: name)
            if start > 1 { piece = String(piece.drop { $0 != "\n" }.dropFirst()) }
            try out.write(contentsOf: Data(piece.utf8))
        }
        try out.close()
        let mapFile = try l.dir.write("m.json", map)
        let r = try MeasuredRun.annals(["import", "csv", file.path, "--map", mapFile.path], in: l.root, lifetime: 900)
        try #require(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("appended \(rows) events from \(rows) rows"))
        try FileManager.default.removeItem(at: file)
        return r.peakBytes
    }

    /// Memory does not grow with the rows: 4N rows of long external ids peak about as N rows do,
    /// and well under 200 MB. (N = 50,000 keeps a debug build's run short; the README's
    /// 2,000,000-row figure was measured with a release build.)
    @Test func longExternalIDsCostBoundedMemory() throws {
        let l = try TestLedger()
        let small = try Self.peak(rows: 50_000, in: l, name: "A")
        let large = try Self.peak(rows: 200_000, in: l, name: "B")
        #expect(large < 200 << 20, "peak \(large >> 20) MB")
        #expect(large < small + (24 << 20), "peak \(small >> 20) MB at 50,000 rows, \(large >> 20) MB at 200,000")
        #expect(try Self.recordCount(l) == 250_000)
        #expect(try Self.scratchFiles(l).isEmpty)
    }

    /// Millions of blank lines cost no memory, and the row after them keeps its 64-bit number.
    @Test func millionsOfBlankLinesCostBoundedMemory() throws {
        let l = try TestLedger()
        let blanks = 3_000_000
        let file = l.dir.url.appendingPathComponent("blank.csv")
        var bytes = Array((Self.header + "\n").utf8)
        bytes += [UInt8](repeating: 0x0A, count: blanks)
        bytes += Array("W-1,2024-03-01,Main breaks,https://water.example.org/1\n".utf8)
        try Data(bytes).write(to: file)
        let mapFile = try l.dir.write("m.json", Self.map)
        let r = try MeasuredRun.annals(
            ["import", "csv", file.path, "--map", mapFile.path, "--format", "json"], in: l.root, lifetime: 600)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""row":\#(blanks + 2)"#), "\(r.stdout.prefix(500))")
        #expect(r.peakBytes < 200 << 20, "peak \(r.peakBytes >> 20) MB")
    }
}
