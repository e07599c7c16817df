import Foundation
import Testing

/// The exported page's inclusion proofs: checked offline by `annals check-proof`, and in headless
/// Chromium by the page's own WebCrypto check (`#selftest` checks every proof, clicks one event's
/// "Check in this browser" button, and writes the outcome into `<output id="selftest">`).
@Suite(
    "annals export html: inclusion proofs in the page",
    .enabled(if: chromium != nil, "needs chromium: run Tools/install-test-deps.sh"))
struct SiteProofTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let verifierKey = "annals.example/ai-chips+74837dcf+AQ6mgEmi4WWhFtfSa12gItgZz0MNaKemJHbmc8oZlCqh"
    static let checkpointName = "00000093.checkpoint"

    /// A copy of the shipped ledger (Events/, Checkpoints/, ledger.json) in a temporary folder.
    static func shippedLedger() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for name in ["Events", "Checkpoints", "ledger.json"] {
            try FileManager.default.copyItem(
                at: repo.appendingPathComponent(name), to: dir.url.appendingPathComponent(name))
        }
        return dir
    }

    /// The data the page embeds (`<script id="ledger-data">`), parsed.
    static func embedded(_ html: String) throws -> [String: Any] {
        let open = try #require(html.range(of: #"<script type="application/json" id="ledger-data">"#))
        let close = try #require(html[open.upperBound...].range(of: "</script>"))
        let json = try JSONSerialization.jsonObject(with: Data(html[open.upperBound..<close.lowerBound].utf8))
        return try #require(json as? [String: Any])
    }

    /// What `#selftest` wrote: the counts (attributes) and its JSON text.
    struct SelfTest {
        var verified = 0
        var failed = 0
        var unproved = 0
        var signature = ""
        var failures: [String] = []
        var clicked = ""
        var unprovedText = ""
    }

    /// Renders `page` with `#selftest` and reads the outcome.
    static func selfTest(_ page: URL) throws -> (SelfTest, dom: String) {
        let dom = try ExportHTMLTests().dom(page.absoluteString + "#selftest")
        // The last: the page's script names the element too.
        let start = try #require(
            dom.range(of: #"<output id="selftest""#, options: .backwards), "no self-test outcome in the DOM")
        let end = try #require(dom[start.upperBound...].range(of: "</output>"))
        let tag = String(dom[start.lowerBound..<end.lowerBound])
        func attribute(_ name: String) -> String {
            guard let r = tag.range(of: " data-\(name)=\"") else { return "" }
            return String(tag[r.upperBound...].prefix { $0 != "\"" })
        }
        var outcome = SelfTest(
            verified: Int(attribute("verified")) ?? -1, failed: Int(attribute("failed")) ?? -1,
            unproved: Int(attribute("unproved")) ?? -1, signature: attribute("signature"))
        let text = String(tag[tag.range(of: ">")!.upperBound...]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        outcome.failures = json["failures"] as? [String] ?? []
        outcome.clicked = json["clicked"] as? String ?? ""
        outcome.unprovedText = json["unproved"] as? String ?? ""
        return (outcome, dom)
    }

    /// The text a `download` link of the dumped DOM carries (a percent-encoded data: URL).
    static func download(_ name: String, in dom: String) throws -> String {
        let marker = #"download="\#(name)" href="data:"#
        let start = try #require(dom.range(of: marker), "no download link for \(name)")
        let href = dom[start.upperBound...].prefix { $0 != "\"" }
        let comma = try #require(href.firstIndex(of: ","))
        return try #require(String(href[href.index(after: comma)...]).removingPercentEncoding)
    }

    /// `annals check-proof` in a folder without a ledger.
    static func checkProof(_ proof: String, checkpoint: String, key: String?) throws -> Annals.Result {
        let dir = try TemporaryDirectory()
        _ = try dir.write("proof.json", proof)
        _ = try dir.write(checkpointName, checkpoint)
        let args = ["check-proof", "proof.json", "--checkpoint", checkpointName] + (key.map { ["--key", $0] } ?? [])
        return try Annals.run(args, in: dir.url)
    }

    @Test func theShippedLedgersPageCarriesAProofOfEveryEventThatCheckProofAndTheBrowserAccept() throws {
        let ledger = try Self.shippedLedger()
        let site = try TemporaryDirectory()
        let export = try Annals.run(
            ["export", "html", "--out", site.url.path, "--key", Self.repo.path + "/verifier-keys.txt"], in: ledger.url)
        #expect(export.status == 0, "\(export.stderr)")
        let log = try Annals.run(["log", "--format", "jsonl"], in: ledger.url)
        let events = log.stdout.split(separator: "\n").compactMap { line -> (seq: Int, id: String)? in
            let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let o, o["type"] as? String != "entity", let seq = o["seq"] as? Int, let id = o["id"] as? String
            else { return nil }
            return (seq, id)
        }
        #expect(events.count == 45)
        #expect(
            export.stdout.contains(
                "inclusion proofs of \(events.count) events against 00000093.checkpoint (93 records, signed by "
                    + "annals.example/ai-chips)"), "\(export.stdout)")

        // The page embeds the checkpoint file verbatim, the key, and a proof per event that
        // check-proof accepts with the key, each what `annals prove SEQ --size 93` prints.
        let page = site.url.appendingPathComponent("index.html")
        let proofs = try #require(
            try Self.embedded(String(contentsOf: page, encoding: .utf8))["proofs"] as? [String: Any])
        let note = try String(
            contentsOf: Self.repo.appendingPathComponent("Checkpoints/" + Self.checkpointName), encoding: .utf8)
        #expect(proofs["note"] as? String == note)
        #expect(proofs["file"] as? String == Self.checkpointName)
        #expect(proofs["keys"] as? [String] == [Self.verifierKey])
        let bySeq = try #require(proofs["by_seq"] as? [String: String])
        #expect(bySeq.count == events.count)
        for event in events {
            let proof = try #require(bySeq[String(event.seq)], "no proof of \(event.id)")
            #expect(proof.contains(event.id))
            let check = try Self.checkProof(proof, checkpoint: note, key: Self.verifierKey)
            #expect(check.status == 0, "seq \(event.seq): \(check.stderr)")
            #expect(check.stdout.contains("ok: record seq \(event.seq) is in the tree of 93 records"))
        }
        let seq = events[0].seq
        let proved = try Annals.run(["prove", String(seq), "--size", "93", "--format", "json"], in: ledger.url)
        #expect(proved.stdout == bySeq[String(seq)]! + "\n")

        // In the browser: every proof and the checkpoint's Ed25519 signature verify, and the
        // button of the event it clicked says so.
        let (outcome, dom) = try Self.selfTest(page)
        #expect(outcome.verified == events.count, "\(outcome.failures)")
        #expect(outcome.failed == 0 && outcome.unproved == 0)
        #expect(outcome.signature == "verified")
        #expect(
            outcome.clicked.hasPrefix("verified: this event is record \(seq) of the 93 records the checkpoint names"),
            "\(outcome.clicked)")
        #expect(outcome.clicked.contains("Ed25519 signature by annals.example/ai-chips verifies"))

        // The event's disclosure offers proof.json and the checkpoint file, which check-proof
        // accepts, and the command to run.
        let downloaded = try Self.download("proof.json", in: dom)
        #expect(downloaded == bySeq[String(seq)]! + "\n")
        let checkpoint = try Self.download(Self.checkpointName, in: dom)
        #expect(checkpoint == note)
        #expect(try Self.checkProof(downloaded, checkpoint: checkpoint, key: Self.verifierKey).status == 0)
        #expect(
            dom.contains(
                "annals check-proof proof.json --checkpoint 00000093.checkpoint --key \(Self.verifierKey)"))
    }

    @Test func aTamperedRecordOrSignatureInThePageFailsTheBrowserCheck() throws {
        let ledger = try Self.shippedLedger()
        let site = try TemporaryDirectory()
        let export = try Annals.run(
            ["export", "html", "--out", site.url.path, "--key", Self.verifierKey], in: ledger.url)
        try #require(export.status == 0, "\(export.stderr)")
        let html = try String(contentsOf: site.url.appendingPathComponent("index.html"), encoding: .utf8)

        // One record's title edited wherever the page holds it (its event and its proof's record).
        let title = "Anthropic releases Claude 2 and public claude.ai beta"
        #expect(html.components(separatedBy: title).count == 3, "the title, once in the event and once in its proof")
        let tampered = try site.write(
            "tampered.html", html.replacingOccurrences(of: title, with: "Anthropic releases Claude 3 and public beta"))
        let (outcome, _) = try Self.selfTest(tampered)
        #expect(outcome.failed == 1 && outcome.verified == 44, "\(outcome)")
        #expect(outcome.failures.first?.contains("NOT verified: the record does not hash to the proof's leaf") == true)

        // The checkpoint's signature edited: no event verifies.
        let signature = "dIN9z+1o42ZuEm6Y/1hPw+oVwNTlRar0p2umu2P2R7xl0O1wZJ4vOgafNdf5zf4xBHxV/WEnZH0uUmUaKyO/kyguiAQ="
        #expect(html.components(separatedBy: signature).count == 2)
        let forged = try site.write(
            "forged.html",
            html.replacingOccurrences(
                of: signature, with: signature.replacingOccurrences(of: "p2umu2P2R7", with: "p2umu2P2R8")))
        let (forgery, _) = try Self.selfTest(forged)
        #expect(forgery.verified == 0 && forgery.failed == 45, "\(forgery)")
        #expect(forgery.signature == "failed")
        #expect(forgery.clicked.contains("signature by annals.example/ai-chips does not verify"), "\(forgery.clicked)")
    }

    @Test func withoutACheckpointThePageSaysSoAndLaterEventsAreNotYetInOne() throws {
        let ledger = try ProofCommandTests.ledger(announcements: 2)
        let site = try TemporaryDirectory()
        let page = site.url.appendingPathComponent("index.html")
        let plain = try ledger.run(["export", "html", "--out", site.url.path])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("no inclusion proofs: the ledger has no saved checkpoint"))
        #expect(try Self.embedded(String(contentsOf: page, encoding: .utf8))["proofs"] is NSNull)
        let (none, dom) = try Self.selfTest(page)
        #expect(none.unproved == 2 && none.verified == 0 && none.failed == 0, "\(none)")
        #expect(none.unprovedText.contains("No inclusion proof: no checkpoint had been saved"))
        #expect(dom.contains("No checkpoint had been saved when this page was written"))

        // A checkpoint of the 4 records, then a fifth: two events proved, the new one not yet.
        try #require(ledger.run(["checkpoint", "--save"]).status == 0)
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.announcement(3) + "\n").status == 0)
        let key = try ProofCommandTests.key(ledger)
        let unsigned = try ledger.run(["export", "html", "--out", site.url.path, "--force", "--key", key.verifier])
        #expect(unsigned.status == 1, "a key that did not sign the checkpoint is refused")
        #expect(unsigned.stderr.contains("00000004.checkpoint"), "\(unsigned.stderr)")
        let later = try ledger.run(["export", "html", "--out", site.url.path, "--force"])
        #expect(later.stdout.contains("inclusion proofs of 2 events against 00000004.checkpoint (4 records)"))
        let (some, _) = try Self.selfTest(page)
        #expect(some.verified == 2 && some.unproved == 1 && some.failed == 0, "\(some)")
        #expect(some.signature == "unchecked")
        #expect(some.clicked.hasPrefix("verified: this event is record 3 of the 4 records the checkpoint names"))
        #expect(some.clicked.contains("signature is not checked here"))
        #expect(some.unprovedText.contains("Not yet in a checkpoint: this event (record 5) was recorded after"))

        // A checkpoint the log no longer matches is refused rather than published with failing proofs.
        try ProofCommandTests.rewriteAndReHash(ledger, seq: 3)
        let rewritten = try ledger.run(["export", "html", "--out", site.url.path, "--force"])
        #expect(rewritten.status == 1)
        #expect(rewritten.stderr.contains("does not match the log"), "\(rewritten.stderr)")
    }
}
