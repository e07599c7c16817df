import Foundation
import Testing

/// A python with warcio: /opt/annals-venv (CI makes it), else a venv made once per run in the
/// temporary folder; nil when pip cannot install warcio.
let warcioPython: String? = {
    let root = URL(fileURLWithPath: "/")
    for python in ["/opt/annals-venv/bin/python", NSTemporaryDirectory() + "annals-warcio-venv/bin/python"] {
        if let (status, _, _) = try? tool([python, "-c", "import warcio"], in: root), status == 0 { return python }
    }
    let venv = NSTemporaryDirectory() + "annals-warcio-venv"
    guard let (made, _, _) = try? tool(["/usr/bin/python3", "-m", "venv", venv], in: root), made == 0,
        let (installed, _, _) = try? tool([venv + "/bin/pip", "install", "-q", "warcio"], in: root), installed == 0
    else { return nil }
    return venv + "/bin/python"
}()

/// The test HTTP server (Fixtures/source_server.py) on 127.0.0.1, on a free port.
final class SourceServer {
    let process = Process()
    let port: Int

    init(slow: Double = 4) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/source_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, String(slow)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line += byte
        }
        port = try #require(Int(String(decoding: line, as: UTF8.self)))
    }

    // SIGKILL, without waiting: Foundation's waitUntilExit can hang on Linux; the process is reaped by Foundation.
    deinit { kill(process.processIdentifier, SIGKILL) }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }
}

@Suite("Sources: capture and check against a local server", .serialized)
struct SourcesTests {
    static let quote = #"Nvidia said \"we don't know\" - the chips were never shipped."#
    static let paths = [
        "quote", "curly", "changed", "redirect", "loop", "404", "410", "500", "slow", "large", "latin1", "binary",
    ]

    /// A ledger whose events quote each page of the server.
    static func ledger(_ server: SourceServer) throws -> TestLedger {
        let ledger = try TestLedger()
        let lines = paths.map { path in
            let q = path == "latin1" ? "Le café de la gare" : quote
            return
                #"{"type":"report","title":"R \#(path)","occurred":"2025","claims":[{"id":"claim:x","stance":"reports","statement":"S"}],"sources":[{"url":"\#(server.url(path))","quote":"\#(q)"}]}"#
        }
        let r = try ledger.run(["append", "--file", "-", "--recorder", "T"], stdin: lines.joined(separator: "\n"))
        try #require(r.status == 0, "\(r.stderr)")
        return ledger
    }

    static let fetch = ["--allow-private", "--delay", "0", "--timeout", "1", "--max-bytes", "500000"]

    /// Each page's expected states after one capture, offline.
    static let expected: [String: String] = [
        "quote": "found", "curly": "found", "redirect": "found", "latin1": "found",
        "changed": "quote-not-found", "binary": "quote-not-found", "404": "page-gone", "410": "page-gone",
        "500": "unchecked", "loop": "never-captured", "slow": "never-captured", "large": "never-captured",
    ]

    static func states(_ json: String) throws -> [String: String] {
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let checks = try #require(o["checks"] as? [[String: Any]])
        var out: [String: String] = [:]
        for c in checks {
            let url = try #require(c["url"] as? String)
            out[String(url.split(separator: "/").last!)] = (c["states"] as? [String])?.joined(separator: ",")
        }
        return out
    }

    @Test func captureThenCheckReportsEachCase() throws {
        let server = try SourceServer()
        let ledger = try Self.ledger(server)
        let before = try ledger.run(["sources", "check", "--format", "json", "--fail-on", "never-captured"])
        #expect(before.status == 1)
        #expect(try Self.states(before.stdout).values.allSatisfy { $0 == "never-captured" })

        // Without --allow-private nothing is fetched and nothing recorded.
        let log = try ledger.fingerprint()
        let refused = try ledger.run(["sources", "capture", "--all", "--recorder", "T", "--delay", "0"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("private, loopback or link-local"))
        #expect(try ledger.fingerprint() == log)

        let r = try ledger.run(["sources", "capture", "--all", "--recorder", "T", "--format", "json"] + Self.fetch)
        #expect(r.status == 1, "three pages cannot be captured")
        #expect(r.stdout.contains("redirect loop"))
        #expect(r.stdout.contains("timed out after 1 s"))
        #expect(r.stdout.contains("larger than the limit of 500000 bytes"))
        #expect(r.stderr.contains("[12/12]"))

        let check = try ledger.run(["sources", "check", "--offline", "--format", "json"])
        #expect(check.status == 0)
        #expect(try Self.states(check.stdout) == Self.expected)
        let failing = try ledger.run(["sources", "check", "--fail-on", "page-gone"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("12 quotes checked offline: 4 found, 2 quote-not-found, 2 page-gone"))
        let markdown = try ledger.run(["sources", "check", "--format", "markdown"])
        #expect(markdown.stdout.contains("| found | <\(server.url("curly"))> |"))

        // Without the WARC files, the capture events' selectors still answer.
        try FileManager.default.removeItem(at: ledger.root.appendingPathComponent("Archive"))
        let noArchive = try ledger.run(["sources", "check", "--format", "json"])
        #expect(try Self.states(noArchive.stdout) == Self.expected)

        // Online: the pages are the same as captured, so nothing changed.
        let online = try ledger.run(["sources", "check", "--online", "--format", "json"] + Self.fetch)
        let now = try Self.states(online.stdout)
        #expect(now["quote"] == "found")
        #expect(now["slow"] == "page-gone,never-captured")
        #expect(now["changed"] == "quote-not-found")
    }

    @Test(.enabled(if: warcioPython != nil, "needs warcio in /opt/annals-venv: run Tools/install-test-deps.sh"))
    func warcRecordsReadBackWithWarcioAndTheirDigestsHold() throws {
        let server = try SourceServer()
        let ledger = try Self.ledger(server)
        let r = try ledger.run(
            [
                "sources", "capture", server.url("quote"), server.url("latin1"), server.url("redirect"), "--recorder",
                "T",
            ]
                + Self.fetch)
        #expect(r.status == 0, "\(r.stderr)")
        let archive = ledger.root.appendingPathComponent("Archive")
        let files = try FileManager.default.contentsOfDirectory(atPath: archive.path).filter {
            $0.hasSuffix(".warc.gz")
        }
        try #require(files.count == 1)
        let script = """
            import sys, hashlib, base64
            from warcio.archiveiterator import ArchiveIterator
            kinds, answers = [], []
            with open(sys.argv[1], 'rb') as f:
                for rec in ArchiveIterator(f):
                    kinds.append(rec.rec_type)
                    if rec.rec_type == 'response':
                        body = rec.content_stream().read()
                        want = rec.rec_headers.get_header('WARC-Payload-Digest')
                        got = 'sha256:' + base64.b32encode(hashlib.sha256(body).digest()).decode()
                        assert want == got, (want, got)
                        status = rec.http_headers.get_statuscode()
                        path = rec.rec_headers.get_header('WARC-Target-URI').rsplit('/', 1)[1]
                        answers.append(status + ' ' + path)
                        if not status.startswith('3'):
                            print(hashlib.sha256(body).hexdigest())
            assert kinds == ['warcinfo'] + ['response', 'request'] * 4, kinds
            # The redirect is kept as its own exchange, before the page it led to.
            assert answers == ['200 quote', '200 latin1', '302 redirect', '200 quote'], answers
            """
        let path = archive.appendingPathComponent(files[0]).path
        let (status, out, err) = try tool([warcioPython!, "-c", script, path], in: ledger.root)
        #expect(status == 0, "\(err)")
        let (checked, _, checkErr) = try tool(
            [warcioPython!, "-m", "warcio.cli", "check", path], in: ledger.root)
        #expect(checked == 0, "\(checkErr)")
        // The hashes warcio computes are the ones the capture events recorded.
        let log = try ledger.run(["log", "--format", "jsonl"]).stdout
        for hash in String(decoding: out, as: UTF8.self).split(separator: "\n") {
            #expect(log.contains(#""sha256":"\#(hash)""#))
        }
        #expect(try String(contentsOf: archive.appendingPathComponent(".gitignore"), encoding: .utf8).contains("*"))
    }

    /// `claim`, `show` and the page say what `sources check --offline` says: captured when, its hash,
    /// and whether the quote is in it; a source never captured is "not captured".
    @Test func claimShowAndThePageShowEachSourcesCapture() throws {
        let server = try SourceServer()
        let ledger = try Self.ledger(server)
        let r = try ledger.run(
            ["sources", "capture", server.url("quote"), server.url("changed"), server.url("404"), "--recorder", "T"]
                + Self.fetch)
        try #require(r.status == 0, "\(r.stderr)")
        let check = try #require(
            try JSONSerialization.jsonObject(
                with: Data(ledger.run(["sources", "check", "--format", "json"]).stdout.utf8))
                as? [String: Any])
        var hashes: [String: String] = [:]
        for c in check["checks"] as? [[String: Any]] ?? [] {
            if let url = c["url"] as? String, let h = c["sha256"] as? String { hashes[url] = h }
        }
        let quoteHash = try #require(hashes[server.url("quote")])
        let changedHash = try #require(hashes[server.url("changed")])

        // claim: every source of claim:x (one event per page), in text and JSON.
        let text = try ledger.run(["claim", "claim:x"]).stdout
        #expect(text.contains("captured "), "\(text)")
        #expect(text.contains("(HTTP 200, sha256 \(quoteHash.prefix(12))…); quote found in it"), "\(text)")
        #expect(text.contains("(HTTP 200, sha256 \(changedHash.prefix(12))…); quote not found in it"), "\(text)")
        #expect(text.contains("(HTTP 404, sha256 "), "\(text)")
        #expect(text.components(separatedBy: "      not captured\n").count - 1 == 9, "\(text)")
        let json = try ledger.run(["claim", "claim:x", "--format", "json"]).stdout
        let claim = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var captures: [String: [String: Any]] = [:]
        for h in claim["history"] as? [[String: Any]] ?? [] {
            for s in h["sources"] as? [[String: Any]] ?? [] {
                captures[String((s["url"] as? String ?? "").split(separator: "/").last ?? "")] =
                    s["capture"] as? [String: Any]
            }
        }
        #expect(captures["quote"]?["quote"] as? String == "found")
        #expect(captures["quote"]?["sha256"] as? String == quoteHash)
        #expect(captures["quote"]?["status"] as? Int == 200)
        #expect(captures["changed"]?["quote"] as? String == "not-found")
        #expect(captures["404"]?["status"] as? Int == 404)
        #expect(captures["404"]?["quote"] as? String == "not-found")
        #expect(captures["curly"]?["captured"] as? Bool == false && captures["curly"]?.count == 1)

        // show: the event citing /quote is seq 1.
        let show = try ledger.run(["show", "1"]).stdout
        #expect(show.contains("(HTTP 200, sha256 \(quoteHash.prefix(12))…); quote found in it"), "\(show)")
        #expect(try ledger.run(["show", "2"]).stdout.contains("            not captured\n"))
        let shown = try ledger.run(["show", "1", "--format", "json"]).stdout
        let showJSON = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])
        let first = try #require((showJSON["captures"] as? [[String: Any]])?.first)
        #expect(first["source"] as? Int == 1 && first["url"] as? String == server.url("quote"))
        #expect((first["capture"] as? [String: Any])?["sha256"] as? String == quoteHash)
        if jsonschemaAvailable {
            let dir = try TemporaryDirectory()
            for (schema, output) in [("claim", json), ("show", shown)] {
                let (holds, why) = try JSONSchemaTests.check(output, against: schema, in: dir)
                #expect(holds, "\(schema): \(why)")
            }
        }

        // The page: each source's capture, its full hash in a title and data attribute.
        let out = try TemporaryDirectory()
        #expect(try ledger.run(["export", "html", "--out", out.url.path]).status == 0)
        let page = out.url.appendingPathComponent("index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains(#""sha256":"\#(quoteHash)""#))
        if chromium != nil {
            let id = try #require(
                try ledger.run(["show", "1", "--format", "json"]).stdout.firstMatch(of: /ev_[0-9a-f]{32}/))
            let browser = ExportHTMLTests()
            let dom = browser.details(try browser.dom(page.absoluteString + "#event=\(id.output)"))
            #expect(dom.contains(#"data-capture="found""#), "\(dom.suffix(3000))")
            #expect(dom.contains(#"data-sha256="\#(quoteHash)""#))
            #expect(dom.contains(">\(quoteHash.prefix(12))…</code>"))
            #expect(dom.contains("quote found in it"))
            let other = try #require(
                try ledger.run(["show", "2", "--format", "json"]).stdout.firstMatch(of: /ev_[0-9a-f]{32}/))
            let never = browser.details(try browser.dom(page.absoluteString + "#event=\(other.output)"))
            #expect(never.contains(#"data-capture="not-captured">Not captured"#), "\(never)")
            #expect(!never.contains("data-sha256"))
        }
    }

    @Test func shippedLedgerReportsEveryQuotedSourceAsNeverCaptured() throws {
        let ledger = try JSONSchemaTests.shippedLedger()
        let r = try Annals.run(["sources", "check", "--offline", "--format", "json"], in: ledger.url)
        #expect(r.status == 0, "\(r.stderr)")
        let states = try Self.states(r.stdout)
        #expect(!states.isEmpty)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let checks = try #require(o["checks"] as? [[String: Any]])
        #expect(checks.allSatisfy { ($0["states"] as? [String]) == ["never-captured"] })
        // claim and show say the same in text, and never that a source was captured.
        let claims = try Annals.run(["claims", "--format", "json"], in: ledger.url).stdout
        let id = try #require(claims.firstMatch(of: /"id":"(claim:[^"]+)"/)?.output.1)
        let claim = try Annals.run(["claim", String(id)], in: ledger.url).stdout
        #expect(claim.contains("      not captured\n") && !claim.contains("captured 20"), "\(claim)")
        let show = try Annals.run(["show", "1"], in: ledger.url).stdout
        #expect(show.contains("            not captured\n") && !show.contains("captured 20"), "\(show)")
    }

    @Test func uncitedURLsAndBadArchiveURLsAreRefused() throws {
        let ledger = try TestLedger()
        let r = try ledger.run(["sources", "capture", "https://example.org/not-cited", "--recorder", "T"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("not cited by any event"))
        let usage = try ledger.run(["sources", "capture", "--all", "--missing"])
        #expect(usage.status == 64)
    }
}
