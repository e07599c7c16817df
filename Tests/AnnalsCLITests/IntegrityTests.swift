import Foundation
import Testing

@Suite("Tamper evidence, torn tails, concurrent writers")
struct IntegrityTests {
    @Test func editingOneByteInTheMiddleIsCaughtWithItsSeq() throws {
        let ledger = try TestLedger()
        try ledger.run(
            ["append", "--file", "-"],
            stdin: Inputs.base + (1...8).map { Inputs.announcement($0) }.joined(separator: "\n"))
        var bytes = try [UInt8](Data(contentsOf: ledger.segment()))
        // Change one letter in the title of the 5th record.
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let offset = lines[0..<4].reduce(0) { $0 + $1.count + 1 }
        let title = try #require(String(decoding: lines[4], as: UTF8.self).range(of: "Announcement 3"))
        let at =
            offset
            + String(decoding: lines[4], as: UTF8.self).utf8.distance(
                from: String(decoding: lines[4], as: UTF8.self).startIndex, to: title.lowerBound)
        bytes[at] = UInt8(ascii: "a")
        try Data(bytes).write(to: ledger.segment())
        let r = try ledger.run(["verify"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Events/00000001.jsonl line 5 (seq 5)"), "\(r.stderr)")
        let json = try ledger.run(["verify", "--format", "json"])
        #expect(json.stdout.contains(#""seq":5"#))
    }

    @Test(
        "deleting, duplicating or reordering lines is caught",
        arguments: [("delete", 3), ("duplicate", 4), ("swap", 3)])
    func structuralEdits(_ edit: String, _ line: Int) throws {
        let ledger = try TestLedger()
        try ledger.run(
            ["append", "--file", "-"],
            stdin: Inputs.base + (1...4).map { Inputs.announcement($0) }.joined(separator: "\n"))
        var lines = try String(contentsOf: ledger.segment(), encoding: .utf8).split(separator: "\n").map(String.init)
        switch edit {
        case "delete": lines.remove(at: 2)
        case "duplicate": lines.insert(lines[2], at: 3)
        default: lines.swapAt(2, 3)
        }
        try (lines.joined(separator: "\n") + "\n").write(to: ledger.segment(), atomically: true, encoding: .utf8)
        let r = try ledger.run(["verify"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("line \(line) (seq \(line))"), "\(r.stderr)")
    }

    @Test func truncatedLastLineIsRefusedThenRepaired() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1))
        let good = try Data(contentsOf: ledger.segment())
        let torn = good + Data(Inputs.announcement(2).utf8.prefix(40))
        try torn.write(to: ledger.segment())

        let append = try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(3))
        #expect(append.status == 1)
        #expect(append.stderr.contains("incomplete record"))
        #expect(append.stderr.contains("annals repair"))
        #expect(try Data(contentsOf: ledger.segment()) == torn)
        #expect(try ledger.run(["verify"]).status == 1)

        let dry = try ledger.run(["repair", "--dry-run"])
        #expect(dry.stdout.contains("would remove the incomplete line 4 of Events/00000001.jsonl: 40 bytes"))
        #expect(try Data(contentsOf: ledger.segment()) == torn)

        let repair = try ledger.run(["repair"])
        #expect(repair.status == 0)
        #expect(repair.stdout.contains("removed the incomplete line 4"))
        #expect(try Data(contentsOf: ledger.segment()) == good)
        #expect(try ledger.run(["verify"]).status == 0)
        #expect(try ledger.run(["repair"]).stdout.contains("nothing to repair"))
        #expect(try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(3)).status == 0)
    }

    @Test func twoProcessesAppending200EachLoseNothing() async throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let root = ledger.root
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    for n in 0..<200 {
                        let r = try Annals.run(
                            ["append", "--file", "-"], in: root,
                            stdin: Data(Inputs.announcement(writer * 1000 + n).utf8))
                        #expect(r.status == 0, "writer \(writer) event \(n): \(r.stderr)")
                    }
                }
            }
            try await group.waitForAll()
        }
        let v = try ledger.run(["verify"])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("ok: 402 records"))
        let log = try ledger.run(["log", "--format", "json", "--type", "announcement"])
        let listing = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as! [String: Any]
        let records = listing["records"] as! [[String: Any]]
        #expect(Set(records.map { $0["title"] as! String }).count == 400)
        #expect(records.map { $0["seq"] as! Int } == Array(3...402))
    }

    @Test func aSymlinkedSegmentIsRefused() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let outside = try ledger.dir.write("outside.jsonl", "")
        try FileManager.default.createSymbolicLink(
            at: ledger.events.appendingPathComponent("00000003.jsonl"), withDestinationURL: outside)
        let r = try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(1))
        #expect(r.status == 65)
        #expect(r.stderr.contains("symbolic link"))
        #expect(try Data(contentsOf: outside).isEmpty)
    }

    @Test func aDeletedOrForeignNameIndexIsRebuilt() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1))
        let index = ledger.root.appendingPathComponent(".annals/names.idx")
        try Data("garbage".utf8).write(to: index)
        let dup = try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(1))
        #expect(dup.stdout.contains("nothing new"), "\(dup.stdout) \(dup.stderr)")
        try FileManager.default.removeItem(at: index)
        #expect(
            try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(1)).stdout.contains("nothing new"))
        #expect(try ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(2, actor: "Alpha")).status == 0)
    }
}

@Suite("Many processes at once")
struct ConcurrencyTests {
    @Test func eightWritersAndBusyReadersLoseNothing() async throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let root = ledger.root
        let readerFailures = ReaderFailures()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // 250 events each, in 25 appends of 10.
                    for batch in 0..<25 {
                        let lines = (0..<10).map { Inputs.announcement(writer * 100_000 + batch * 10 + $0) }.joined(
                            separator: "\n")
                        let r = try Annals.run(["append", "--file", "-"], in: root, stdin: Data(lines.utf8))
                        #expect(r.status == 0, "writer \(writer): \(r.stderr)")
                    }
                }
            }
            for reader in 0..<3 {
                group.addTask {
                    let commands = [["log", "--format", "jsonl"], ["timeline", "--format", "csv"], ["verify"]]
                    for _ in 0..<12 {
                        let r = try Annals.run(commands[reader], in: root)
                        if r.status != 0 { await readerFailures.add("\(commands[reader]): \(r.status) \(r.stderr)") }
                        if reader == 0 {
                            // Every line a reader sees is a whole record.
                            for line in r.stdout.split(separator: "\n")
                            where (try? JSONSerialization.jsonObject(with: Data(line.utf8))) == nil {
                                await readerFailures.add("half-written line: \(line.prefix(80))")
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let failures = await readerFailures.all
        #expect(failures.isEmpty, "\(failures)")
        let v = try ledger.run(["verify"])
        #expect(v.stdout.contains("ok: 2002 records"), "\(v.stdout) \(v.stderr)")
        let log = try ledger.run(["log", "--format", "jsonl"])
        let records = log.stdout.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(records.map { $0["seq"] as! Int } == Array(1...2002))
        #expect(Set(records.map { $0["title"] as! String }).count == 2002)
    }
}

actor ReaderFailures {
    var all: [String] = []
    func add(_ s: String) { all.append(s) }
}
