import Foundation
import Testing

/// Fixes from the outside review of issue 12 that show in what a user reads: formats a command
/// does not print are refused, refused characters are escaped in messages, Markdown links stay
/// whole, and a snapshot row can only name the schema's own columns.
@Suite("What commands print")
struct OutputCraftTests {
    @Test func aFormatACommandDoesNotPrintIsRefused() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        try ledger.run(["snapshot", "create", "--name", "s"])
        let r = try ledger.run(["snapshot", "show", "s", "--format", "csv"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("not csv"))
    }

    @Test("refused characters are escaped in the message", arguments: ["\u{202E}", "\u{85}", "\u{2066}"])
    func refusedCharactersAreEscaped(_ character: String) throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let event = Inputs.announcement(1).replacingOccurrences(of: "Announcement 1", with: "bad\(character)title")
        let r = try ledger.run(["append", "--file", "-"], stdin: event)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(!r.stderr.contains(character), "the raw character reached the terminal: \(r.stderr.debugDescription)")
        let code = String(character.unicodeScalars.first!.value, radix: 16)
        #expect(r.stderr.contains("\\u{\(code)}"), "\(r.stderr)")
    }

    @Test func aURLWithParenthesesIsOneMarkdownLink() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let url = "https://en.wikipedia.org/wiki/Distillation_(machine_learning)"
        let event =
            #"{"type":"accusation","title":"T","occurred":"2025-01-01","actors":[{"entity":"org:a","role":"accuser"}],"#
            + #""claims":[{"id":"claim:x","stance":"asserts","statement":"X"}],"sources":[{"url":"\#(url)","publisher":"W"}]}"#
        #expect(try ledger.run(["append", "--file", "-"], stdin: event).status == 0)
        let r = try ledger.run(["diff", "@2020", "now", "--format", "markdown"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("[W](https://en.wikipedia.org/wiki/Distillation_%28machine_learning%29)"), "\(r.stdout)")
    }

    @Test func aSnapshotRowNamingAnotherColumnIsRefused() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        try ledger.run(["snapshot", "create", "--name", "s"])
        let path = ledger.root.appendingPathComponent("Snapshots/s.jsonl.gz").path
        let (_, plain, _) = try tool(["gzip", "-dc", path], in: ledger.dir.url)
        var lines = String(decoding: plain, as: UTF8.self).split(separator: "\n").map(String.init)
        let i = try #require(lines.firstIndex { $0.hasPrefix(#"{"key":["entities""#) })
        lines[i] = lines[i].replacingOccurrences(of: #""name":"#, with: #""name\"); DROP TABLE events; --":"#)
        // Rewrite the body and its digest in the header, as a forger would.
        let body = Array((lines.dropFirst().joined(separator: "\n") + "\n").utf8)
        let digest = try tool(["sha256sum"], in: ledger.dir.url, stdin: Data(body)).1
        let hex = String(decoding: digest, as: UTF8.self).prefix(64)
        var header = lines[0]
        header = header.replacingOccurrences(
            of: #""digest":"[0-9a-f]{64}""#, with: #""digest":"\#(hex)""#, options: .regularExpression)
        header = header.replacingOccurrences(
            of: #""bytes":[0-9]+"#, with: #""bytes":\#(body.count)"#, options: .regularExpression)
        // Two gzip members, header then body, at level 1 with no name or time: as Annals writes them.
        let headerFile = ledger.dir.url.appendingPathComponent("header.jsonl")
        let bodyFile = ledger.dir.url.appendingPathComponent("body.jsonl")
        try Data((header + "\n").utf8).write(to: headerFile)
        try Data(body).write(to: bodyFile)
        let gzip = "(gzip -n -1 -c '\(headerFile.path)'; gzip -n -1 -c '\(bodyFile.path)') > '\(path)'"
        #expect(try tool(["sh", "-c", gzip], in: ledger.dir.url).0 == 0)
        // Restore proves a snapshot this clone did not make before loading it, so the forged row is
        // refused there, before the loader (whose column check stays behind it) sees it.
        let r = try ledger.run(["snapshot", "restore", "s"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("is not what the log implies"), "\(r.stderr)")
        #expect(!r.stderr.contains("DROP TABLE events; --\" has"), "\(r.stderr)")
        #expect(try ledger.run(["query", "SELECT count(*) FROM events", "--format", "csv"]).stdout.contains("2"))
    }

    /// A snapshot that cannot be written is an ordinary write failure (73, with the path and the
    /// system's reason), not an internal error (70).
    @Test func aSnapshotThatCannotBeWrittenSaysWhere() throws {
        let ledger = try TestLedger()
        let blocker = ledger.root.appendingPathComponent("Snapshots/seq-0.jsonl.gz/inside")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        let r = try ledger.run(["snapshot", "create", "--force"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("Snapshots/seq-0.jsonl.gz: Is a directory"), "\(r.stderr)")
    }
}
