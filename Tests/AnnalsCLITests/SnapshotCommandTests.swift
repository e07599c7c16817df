import Foundation
import Testing

@Suite("annals snapshot, diff, review")
struct SnapshotCommandTests {
    static let claimInput =
        Inputs.base
        + [
            #"{"type":"accusation","title":"Alpha accuses Beta","occurred":"2025-01-10","actors":[{"entity":"org:a","role":"accuser"}],"claims":[{"id":"claim:x","stance":"asserts","statement":"Beta copied Alpha"}],\#(Inputs.source)}"#,
            Inputs.announcement(1, date: "2025-03-01"),
        ].joined(separator: "\n")
    static let denial =
        #"{"type":"response","title":"Beta denies copying","occurred":"2025-01-12","actors":[{"entity":"org:b","role":"respondent"}],"claims":[{"id":"claim:x","stance":"denies"}],"sources":[{"url":"https://beta.example/denial","quote":"We never copied anything."}]}"#

    func snapshotPath(_ ledger: TestLedger, _ name: String) -> URL {
        ledger.root.appendingPathComponent("Snapshots/\(name).jsonl.gz")
    }

    @Test func createListShowVerifyAndReadWithZcat() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        let created = try ledger.run(["snapshot", "create", "--as-of", "2025-02-01"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("wrote Snapshots/2025-02-01.jsonl.gz"))
        let first = try Data(contentsOf: snapshotPath(ledger, "2025-02-01"))
        #expect(try ledger.run(["snapshot", "create", "--as-of", "2025-02-01"]).status == 73)
        #expect(try ledger.run(["snapshot", "create", "--as-of", "2025-02-01", "--force"]).status == 0)
        #expect(try Data(contentsOf: snapshotPath(ledger, "2025-02-01")) == first, "not deterministic")

        let (gz, _, gzErr) = try tool(["gzip", "-t", snapshotPath(ledger, "2025-02-01").path], in: ledger.root)
        #expect(gz == 0, "\(gzErr)")
        let (_, text, _) = try tool(["gzip", "-dc", snapshotPath(ledger, "2025-02-01").path], in: ledger.root)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let h = try #require(header["annals_snapshot"] as? [String: Any])
        #expect(h["as_of"] as? String == "2025-02-01")
        #expect(h["known_at_seq"] == nil, "left out when the snapshot was made without --known-at-seq")
        #expect((h["rows"] as? [String: Int])?.values.reduce(0, +) == lines.count - 1)
        for line in lines.dropFirst() { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }

        #expect(try ledger.run(["snapshot", "list"]).stdout.contains("2025-02-01  2025-02-01"))
        #expect(try ledger.run(["snapshot", "show", "2025-02-01"]).stdout.contains("as of      2025-02-01"))
        let verify = try ledger.run(["snapshot", "verify", "--all"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("is exactly what the log implies"))
    }

    /// `--known-at-seq` is recorded in the header, shown, and checked by `verify`.
    @Test func theKnownAtSeqASnapshotWasMadeWithIsInItsHeader() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        let created = try ledger.run(["snapshot", "create", "--known-at-seq", "2", "--name", "early"])
        #expect(created.status == 0, "\(created.stderr)")
        let show = try ledger.run(["snapshot", "show", "early", "--format", "json"])
        let header = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let h = try #require(header["annals_snapshot"] as? [String: Any])
        #expect(h["known_at_seq"] as? Int == 2)
        #expect(h["seq"] as? Int == 2)
        #expect(try ledger.run(["snapshot", "show", "early"]).stdout.contains("known at   seq 2"))
        let verify = try ledger.run(["snapshot", "verify", "early"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test("a flipped byte or a hand edit is caught", arguments: ["compressed", "row", "consistent-edit"])
    func tamperIsCaught(_ kind: String) throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        try ledger.run(["snapshot", "create", "--name", "s"])
        let path = snapshotPath(ledger, "s")
        switch kind {
        case "compressed":
            var bytes = try Data(contentsOf: path)
            bytes[bytes.count / 2] ^= 0x20
            try bytes.write(to: path)
        default:
            let (_, raw, _) = try tool(["gzip", "-dc", path.path], in: ledger.root)
            var text = String(decoding: raw, as: UTF8.self).replacingOccurrences(
                of: "Beta copied Alpha", with: "Beta copied Gamma")
            if kind == "consistent-edit" {
                // Fix the header's digest too: only recomputing the state from the log catches this.
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                let body = Data(lines.dropFirst().joined(separator: "\n").utf8)
                let (_, sum, _) = try tool(["sha256sum"], in: ledger.root, stdin: body)
                let digest = String(decoding: sum, as: UTF8.self).prefix(64)
                lines[0] = lines[0].replacingOccurrences(
                    of: #""digest":"[0-9a-f]{64}""#, with: "\"digest\":\"\(digest)\"", options: .regularExpression)
                text = lines.joined(separator: "\n")
            }
            let (_, gz, _) = try tool(["gzip", "-1", "-n", "-c"], in: ledger.root, stdin: Data(text.utf8))
            try gz.write(to: path)
        }
        let r = try ledger.run(["snapshot", "verify", "s"])
        #expect(r.status == 1, "\(kind): \(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("snapshot s is damaged"), "\(r.stderr)")
        if kind == "consistent-edit" { #expect(r.stderr.contains("is not what the log implies"), "\(r.stderr)") }
    }

    @Test func readsAtAMomentAreQueriesThatNeverTouchSnapshots() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        try ledger.run(["snapshot", "create", "--as-of", "2025-06-01"])
        try ledger.run(["append", "--file", "-"], stdin: Self.denial)
        let read = try ledger.run(["claims", "--as-of", "2025-06-01", "--format", "csv"])
        #expect(read.stderr.isEmpty, "\(read.stderr)")
        #expect(read.stdout.contains("claim:x,disputed"))

        // A damaged snapshot changes nothing: reads never start from one.
        let path = snapshotPath(ledger, "2025-06-01")
        var bytes = try Data(contentsOf: path)
        bytes[bytes.count - 12] ^= 0xFF
        try bytes.write(to: path)
        let again = try ledger.run(["claims", "--as-of", "2025-06-01", "--format", "csv"])
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout == read.stdout)
        // The old in-memory replay, kept as the benchmarks' reference, answers the same.
        let replayed = try ledger.run(
            ["claims", "--as-of", "2025-06-01", "--format", "csv"], environment: ["ANNALS_REPLAY_READS": "1"])
        #expect(replayed.stdout == read.stdout)
    }

    @Test func diffReportsTheStandingFlipInEveryFormat() throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        try ledger.run(["snapshot", "create", "--name", "before"])
        try ledger.run(["append", "--file", "-"], stdin: Self.denial)
        let json = try ledger.run(["diff", "before", "now", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let flips = try #require(o["standing_changed"] as? [[String: Any]])
        #expect(flips.count == 1)
        #expect(flips[0]["from"] as? String == "alleged" && flips[0]["to"] as? String == "disputed")
        let events = try #require(flips[0]["events"] as? [[String: Any]])
        #expect(events.first?["title"] as? String == "Beta denies copying")
        let sources = try #require(events.first?["sources"] as? [[String: Any]])
        #expect(sources.first?["quote"] as? String == "We never copied anything.")
        let md = try ledger.run(["diff", "before", "now", "--format", "markdown"])
        #expect(md.stdout.contains("### Claim standing changed"))
        #expect(md.stdout.contains("**alleged → disputed**"))
        let text = try ledger.run(["diff", "@2025-01-11", "@2025-01-13"])
        #expect(text.stdout.contains("claim:x [alleged → disputed]"), "\(text.stdout)")
        #expect(try ledger.run(["diff", "before", "before"]).stdout.contains("no changes"))
        #expect(try ledger.run(["diff", "before", "../../etc/passwd"]).status == 66)
        #expect(try ledger.run(["snapshot", "show", "../x"]).status == 65)
    }

    @Test func reviewAcceptsAppendsAndCatchesAnEditedRecord() throws {
        let ledger = try TestLedger()
        let repo = ledger.root
        func git(_ args: String...) throws {
            let (status, _, err) = try tool(
                ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + args, in: repo)
            try #require(status == 0, "git \(args): \(err)")
        }
        try git("init", "-q", "-b", "main")
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        try git("add", "Events")
        try git("commit", "-q", "-m", "base")
        try ledger.run(["append", "--file", "-"], stdin: Self.denial)
        try git("add", "Events")
        try git("commit", "-q", "-m", "head")

        let ok = try ledger.run(["review", "HEAD~1", "HEAD"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("**✅ Append-only:** 1 new record after seq 4"))
        #expect(ok.stdout.contains("### 5. Beta denies copying"))
        #expect(ok.stdout.contains("> We never copied anything."))
        #expect(ok.stdout.contains("**alleged → disputed**"))

        // Edit a published record (seq 3) in a new commit.
        let segment = ledger.segment()
        let edited = try String(contentsOf: segment, encoding: .utf8).replacingOccurrences(
            of: "Alpha accuses Beta", with: "Alpha accuses Gamma")
        try edited.write(to: segment, atomically: true, encoding: .utf8)
        try git("commit", "-q", "-am", "edit")
        let bad = try ledger.run(["review", "HEAD~1", "HEAD"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("Not append-only"), "\(bad.stdout)")
        #expect(bad.stdout.contains("seq 3"), "\(bad.stdout)")
        #expect(try ledger.run(["review", "nope", "HEAD"]).status == 65)
    }

    /// The header is outside the digest: a bad date there is a damaged snapshot (exit 1), not an
    /// internal error (70).
    @Test("a header date that is not a date is refused", arguments: ["as_of", "known_at"])
    func aHeaderWithABadDateIsRefused(_ field: String) throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Self.claimInput)
        #expect(try ledger.run(["snapshot", "create", "--as-of", "2025-02-01", "--name", "good"]).status == 0)
        let (_, text, _) = try tool(["gzip", "-dc", snapshotPath(ledger, "good").path], in: ledger.root)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0].replacingOccurrences(
            of: field == "as_of" ? #""as_of":"2025-02-01""# : #""known_at":null"#,
            with: field == "as_of" ? #""as_of":"2025-99-01""# : #""known_at":"yesterday""#)
        #expect(header != String(lines[0]))
        let (_, first, _) = try tool(["gzip", "-nc"], in: ledger.root, stdin: Data((header + "\n").utf8))
        let body = lines.dropFirst().joined(separator: "\n")
        let (_, second, _) = try tool(["gzip", "-nc"], in: ledger.root, stdin: Data(body.utf8))
        try (first + second).write(to: snapshotPath(ledger, "bad"))
        for command in [["snapshot", "verify", "bad"], ["snapshot", "show", "bad"], ["diff", "bad", "now"]] {
            let r = try ledger.run(command)
            #expect(r.status == 1, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("its header's \(field)"), "\(command): \(r.stderr)")
        }
    }
}
