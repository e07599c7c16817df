import Foundation
import Testing

/// What nothing outside the log may do to the log: output paths into the ledger's own folders,
/// symlinked folders, unbounded input, edited or cut logs, and events that contradict the record.
/// Each case runs through the real binary and must exit with its documented status, say what is
/// wrong and how to fix it on the first line of stderr, and leave Events/, Snapshots/ and the
/// projection database byte-identical.
@Suite("Hostile paths, inputs and records")
struct HostileLedgerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var args: [String]
        var status: Int32
        var message: String
        var stdin: String? = nil
        var environment: [String: String] = [:]
        /// Changes the ledger before the command runs (the state compared is taken after it).
        var setup: @Sendable (TestLedger) throws -> Void = { _ in }
        /// Standard input that depends on the ledger (an event id), instead of `stdin`.
        var input: (@Sendable (TestLedger) throws -> String)? = nil
        var testDescription: String { name }
    }

    static let banDate = "2024-01-01"

    /// Entities, a ban and a claim that the cases refer to.
    static let base =
        [
            Inputs.entity("org:a", "Alpha Corp", aliases: ["Alpha"]),
            Inputs.entity("gov:us", "United States"),
            Inputs.entity("country:cn", "China"),
            #"{"type":"ban","title":"A ban","occurred":"\#(banDate)","ban":{"id":"ban:x","authority":"gov:us","targets":["country:cn"]},\#(Inputs.source)}"#,
            #"{"type":"accusation","title":"An accusation","occurred":"2024-02-01","actors":[{"entity":"org:a","role":"accuser"}],"claims":[{"id":"claim:c","stance":"asserts","statement":"X did Y"}],\#(Inputs.source)}"#,
        ].joined(separator: "\n") + "\n"

    static func event(_ type: String, _ fields: String, occurred: String = "2025-01-01") -> String {
        #"{"type":"\#(type)","title":"A \#(type)","occurred":"\#(occurred)",\#(fields)\#(fields.isEmpty ? "" : ",")\#(Inputs.source)}"#
    }

    static func idOfSeq(_ ledger: TestLedger, _ seq: Int) throws -> String {
        let line = try String(contentsOf: ledger.segment(), encoding: .utf8).split(separator: "\n")[seq - 1]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return try #require(object["id"] as? String)
    }

    static func append(_ ledger: TestLedger, _ line: String) throws {
        let r = try ledger.run(["append", "--file", "-"], stdin: line + "\n")
        try #require(r.status == 0, "setup append failed: \(r.stderr)")
    }

    static let cases: [Case] = [
        // Output paths
        Case(
            name: "replay into Events/", args: ["replay", "--out", "Events/00000999.jsonl"], status: 73,
            message: "inside Events/"),
        Case(
            name: "replay into Snapshots/", args: ["replay", "--out", "Snapshots/fake.jsonl.gz"], status: 73,
            message: "inside Snapshots/"),
        Case(
            name: "replay into .annals/", args: ["replay", "--out", ".annals/x.sqlite"], status: 73,
            message: "inside .annals/"),
        Case(
            name: "export html into Events/", args: ["export", "html", "--out", "Events"], status: 73,
            message: "inside Events/"),
        Case(
            name: "replay through a symlink into Events/", args: ["replay", "--out", "link/x.sqlite"], status: 73,
            message: "resolves to",
            setup: { l in
                try FileManager.default.createSymbolicLink(
                    atPath: l.root.appendingPathComponent("link").path, withDestinationPath: "Events")
            }),
        Case(
            name: "replay over an existing file", args: ["replay", "--out", "kept.sqlite"], status: 73,
            message: "pass --force",
            setup: { l in _ = try l.dir.write("ledger/kept.sqlite", "not mine") }),
        Case(
            name: "export html where a file stands", args: ["export", "html", "--out", "afile"], status: 73,
            message: "not a folder",
            setup: { l in _ = try l.dir.write("ledger/afile", "x") }),
        Case(
            name: "export html into /proc", args: ["export", "html", "--out", "/proc/xyz"], status: 73,
            message: "cannot create directory"),
        // The ledger's own folders
        Case(
            name: "Events/ as a symlink to another ledger", args: ["append", "--file", "-"], status: 65,
            message: "Events/ is a symbolic link", stdin: Inputs.announcement(9),
            setup: { l in
                let other = l.dir.url.appendingPathComponent("other")
                _ = try Annals.run(["init", other.path], in: l.dir.url)
                try FileManager.default.removeItem(at: l.events)
                try FileManager.default.createSymbolicLink(
                    atPath: l.events.path, withDestinationPath: other.appendingPathComponent("Events").path)
            }),
        // Unbounded input
        Case(name: "append from /dev/zero", args: ["append", "--file", "/dev/zero"], status: 65, message: "NUL byte"),
        Case(
            name: "a runaway recursive query",
            args: [
                "query", "--timeout", "1",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
            ],
            status: 65, message: "stopped after 1 s"),
        // Flags that would drop data
        Case(
            name: "two --source flags and one --publisher",
            args: [
                "append", "announcement", "--title", "t", "--occurred", "2025", "--actor", "org:a=x",
                "--source", "https://a.org/1", "--source", "https://a.org/2", "--publisher", "P",
            ],
            status: 64, message: "--publisher once per source"),
        // Honest verify
        Case(
            name: "verify with the only segment deleted", args: ["verify"], status: 1,
            message: "5 of them were removed",
            setup: { l in try FileManager.default.removeItem(at: l.segment()) }),
        Case(
            name: "verify with the last line deleted", args: ["verify"], status: 1, message: "1 of them were removed",
            setup: { l in
                let lines = try String(contentsOf: l.segment(), encoding: .utf8).split(separator: "\n")
                try Data((lines.dropLast().joined(separator: "\n") + "\n").utf8).write(to: l.segment())
            }),
        Case(
            name: "timeline after an old record was edited", args: ["timeline"], status: 1,
            message: "the log is damaged at",
            setup: editSecondRecord),
        Case(
            name: "append after an old record was edited", args: ["append", "--file", "-"], status: 1,
            message: "the log is damaged at",
            stdin: Inputs.announcement(9), setup: editSecondRecord),
        Case(
            name: "repair of a complete garbage line", args: ["repair"], status: 1, message: "not a valid record",
            setup: { l in
                let handle = try FileHandle(forWritingTo: l.segment())
                handle.seekToEndOfFile()
                handle.write(Data("{garbage}\n".utf8))
                try handle.close()
            }),
        // The record's logic
        Case(
            name: "a lift effective before the ban", args: ["append", "--file", "-"], status: 65,
            message: "before the ban was imposed",
            stdin: event("ban-lifted", #""lifts":{"ban":"ban:x","scope":"full","effective":"2020"}"#)),
        Case(
            name: "lifting a retracted ban", args: ["append", "--file", "-"], status: 65,
            message: "this ban was retracted",
            stdin: event("ban-lifted", #""lifts":{"ban":"ban:x","scope":"full"}"#),
            setup: { l in
                try append(l, event("retraction", #""amends":{"event":"\#(try idOfSeq(l, 4))","reason":"wrong"}"#))
            }),
        Case(
            name: "lifting a ban lifted in full", args: ["append", "--file", "-"], status: 65,
            message: "already lifted in full",
            stdin: event("ban-lifted", #""lifts":{"ban":"ban:x","scope":"partial"}"#, occurred: "2025-06-01"),
            setup: { l in
                try append(l, event("ban-lifted", #""lifts":{"ban":"ban:x","scope":"full"}"#))
            }),
        Case(
            name: "another statement for an existing claim", args: ["append", "--file", "-"], status: 65,
            message: "already exists with another statement",
            stdin: event(
                "response",
                #""actors":[{"entity":"org:a","role":"x"}],"claims":[{"id":"claim:c","stance":"denies","statement":"X did Z"}]"#
            )),
        Case(
            name: "retracting an entity registration", args: ["append", "--file", "-"], status: 65,
            message: "entity registrations cannot be retracted",
            input: { l in
                event("retraction", #""amends":{"event":"\#(try idOfSeq(l, 1))","reason":"wrong"}"#)
            }),
        Case(
            name: "an event in 2999", args: ["append", "--file", "-"], status: 65,
            message: "after the time it is recorded",
            stdin: event("announcement", #""actors":[{"entity":"org:a","role":"x"}]"#, occurred: "2999")),
        Case(
            name: "a release of a country", args: ["append", "--file", "-"], status: 65,
            message: "a country cannot be released",
            stdin: event("release", #""actors":[{"entity":"org:a","role":"x"}],"release":{"product":"country:cn"}"#)),
        Case(
            name: "a name with a zero-width space", args: ["append", "--file", "-"], status: 65,
            message: "invisible character U+200B",
            stdin: Inputs.entity("org:z", "Zeta\u{200B}Corp")),
        Case(
            name: "a lookalike of an existing name", args: ["append", "--file", "-"], status: 65,
            message: "already stands for org:a",
            stdin: Inputs.entity("org:a2", "Alpha\u{200B} Corp")),
        // Messages
        Case(
            name: "two statements in query", args: ["query", "SELECT 1; SELECT 2"], status: 65,
            message: "more than one statement"),
        Case(name: "a search with no words", args: ["search", "*"], status: 65, message: "nothing to search for"),
        Case(name: "show -1", args: ["show", "-1"], status: 65, message: "no such event: seq -1"),
        Case(
            name: "diff against a file that is not a snapshot", args: ["diff", "/etc/passwd", "now"], status: 1,
            message: "is not a usable Annals snapshot"),
        Case(
            name: "a lock timeout that is not a number", args: ["timeline"], status: 64, message: "ANNALS_LOCK_TIMEOUT",
            environment: ["ANNALS_LOCK_TIMEOUT": "abc"]),
    ]

    static func editSecondRecord(_ l: TestLedger) throws {
        let text = try String(contentsOf: l.segment(), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "United States", with: "United Statez").utf8).write(to: l.segment())
    }

    /// Events/, Snapshots/ and .annals/annals.sqlite, byte for byte.
    static func state(_ l: TestLedger) throws -> [String: Data] {
        var all: [String: Data] = [:]
        for folder in ["Events", "Snapshots"] {
            let dir = l.root.appendingPathComponent(folder)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
                continue
            }
            for n in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                all[folder + "/" + n] = try Data(contentsOf: dir.appendingPathComponent(n))
            }
        }
        let db = l.root.appendingPathComponent(".annals/annals.sqlite")
        if let bytes = try? Data(contentsOf: db) { all[".annals/annals.sqlite"] = bytes }
        return all
    }

    @Test("refuses with its status and one line naming the fix, and changes nothing", arguments: cases)
    func refuses(_ c: Case) throws {
        let ledger = try TestLedger()
        try Self.append(ledger, Self.base)
        try ledger.run(["snapshot", "create", "--name", "kept"])
        try ledger.run(["timeline"])
        try c.setup(ledger)
        let stdin = try c.input?(ledger) ?? c.stdin
        let before = try Self.state(ledger)
        let started = Date()
        let r = try ledger.run(c.args, stdin: stdin, environment: c.environment)
        #expect(r.status == c.status, "\(c.name): status \(r.status): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter {
            !$0.hasPrefix("annals: built") && !$0.hasPrefix("annals: rebuilding")
        }
        #expect(lines.first?.contains(c.message) == true, "\(c.name): \(r.stderr)")
        #expect(lines.first?.contains("Fix:") == true || c.status == 64, "\(c.name): no fix named: \(r.stderr)")
        #expect(try Self.state(ledger) == before, "\(c.name) changed the ledger")
        #expect(Date().timeIntervalSince(started) < 20, "\(c.name) took too long")
    }

    /// An endless stream (a FIFO fed by `cat /dev/zero`, or a line of a gigabyte) is refused
    /// after reading little of it.
    @Test(
        "endless input through a FIFO is refused early",
        arguments: ["cat /dev/zero", "printf '{\"title\":\"'; head -c 1000000000 /dev/zero | tr '\\0' a"])
    func endlessFIFO(_ writer: String) throws {
        let ledger = try TestLedger()
        try Self.append(ledger, Self.base)
        let fifo = ledger.dir.url.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let feeder = Process()
        feeder.executableURL = URL(fileURLWithPath: "/bin/sh")
        feeder.arguments = ["-c", "(\(writer)) > '\(fifo)' 2>/dev/null"]
        try feeder.run()
        defer {
            if feeder.isRunning { feeder.terminate() }
            feeder.waitUntilExit()
        }
        let before = try ledger.fingerprint()
        let started = Date()
        let r = try ledger.run(["append", "--file", fifo])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("NUL byte") || r.stderr.contains("longer than 262144 bytes"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try ledger.fingerprint() == before)
    }

    @Test func ledgerBeforeOrAfterTheSubcommand() throws {
        let ledger = try TestLedger()
        try Self.append(ledger, Self.base)
        for args in [
            ["--ledger", ledger.root.path, "verify"], ["--ledger=" + ledger.root.path, "verify"],
            ["verify", "--ledger", ledger.root.path],
        ] {
            let r = try Annals.run(args, in: ledger.dir.url)
            #expect(r.status == 0 && r.stdout.contains("ok: 5 records"), "\(args): \(r.stderr)")
        }
    }

    @Test func repeatedSourcesAreAllKept() throws {
        let ledger = try TestLedger()
        try Self.append(ledger, Self.base)
        let r = try ledger.run([
            "append", "announcement", "--title", "Two sources", "--occurred", "2025", "--actor", "Alpha=x",
            "--source", "https://a.org/1", "--publisher", "P", "--source", "https://a.org/2", "--publisher", "Q",
            "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let shown = try ledger.run(["show", "6", "--format", "json"]).stdout
        #expect(
            shown.contains(#"{"publisher":"P","url":"https://a.org/1"}"#)
                && shown.contains(#"{"publisher":"Q","url":"https://a.org/2"}"#),
            "\(shown)")
    }

    @Test func nfcAndNfdTitlesAreOneEvent() throws {
        let ledger = try TestLedger()
        try Self.append(ledger, Self.base)
        let nfc = Self.event("announcement", #""actors":[{"entity":"org:a","role":"x"}]"#).replacingOccurrences(
            of: "A announcement", with: "Caf\u{E9}")
        let nfd = nfc.replacingOccurrences(of: "Caf\u{E9}", with: "Cafe\u{301}")
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        let r = try ledger.run(["append", "--file", "-", "--format", "json"], stdin: nfc + "\n" + nfd + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""appended":[{"#) && r.stdout.contains(#""duplicates":[{"#), "\(r.stdout)")
    }

    @Test func shorteningOnPurposeIsAcceptedByReindex() throws {
        let ledger = try TestLedger()
        try Self.append(ledger, Self.base)
        let lines = try String(contentsOf: ledger.segment(), encoding: .utf8).split(separator: "\n")
        try Data((lines.dropLast().joined(separator: "\n") + "\n").utf8).write(to: ledger.segment())
        #expect(try ledger.run(["verify"]).status == 1)
        let r = try ledger.run(["repair", "--reindex"])
        #expect(r.status == 0 && r.stdout.contains("ends at seq 4"), "\(r.stderr)")
        #expect(try ledger.run(["verify"]).status == 0)
    }
}

/// The README's flag-form example, as written there, works on a fresh ledger.
@Suite("README examples")
struct ReadmeExampleTests {
    @Test func theAppendExampleWorksOnAFreshLedger() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("S=https://") }, "the example's source line")
        let end = try #require(
            lines[start...].firstIndex { $0.contains("--published 2026-02-23") }, "the example's last line")
        let script =
            (["set -e", "annals init my-ledger >/dev/null", "cd my-ledger", "export ANNALS_RECORDER='README test'"]
            + lines[start...end].map { $0.replacingOccurrences(of: #"\s+#.*$"#, with: "", options: .regularExpression) }
            + ["annals claim claim:deepseek-distilled-claude"]).joined(separator: "\n")
        let dir = try TemporaryDirectory()
        let bin = Annals.binary.deletingLastPathComponent().path
        let (status, out, err) = try runProcess(
            URL(fileURLWithPath: "/bin/bash"), ["-c", script], in: dir.url,
            environment: ["PATH": bin + ":/usr/bin:/bin", "HOME": dir.url.path])
        #expect(status == 0, "\(err)")
        #expect(String(decoding: out, as: UTF8.self).contains("DeepSeek distilled Claude"))
    }
}
