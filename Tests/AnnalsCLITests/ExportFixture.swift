import Foundation
import Testing

/// Whether the Debian python3 (`/usr/bin/python3`) can import `module`.
func pythonHas(_ module: String) -> Bool {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
        let (status, _, _) = try? runProcess(
            URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import \(module)"], in: URL(fileURLWithPath: "/"))
    else { return false }
    return status == 0
}

/// Runs `script` with `/usr/bin/python3` and `args`; returns its stdout as JSON.
func python(_ script: String, _ args: [String], in dir: URL) throws -> [String: Any] {
    let (status, out, err) = try runProcess(
        URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script] + args, in: dir)
    try #require(status == 0, "python failed: \(err)")
    return try #require(try JSONSerialization.jsonObject(with: out) as? [String: Any], "not a JSON object: \(err)")
}

/// A copy of the shipped ledger with one correction, one retraction and one assessment appended
/// (the shipped ledger has none): seq 94 corrects event 60 (a title full of markup, and a
/// year-precision date), 95 retracts event 54, 96 assesses a claim as disputed.
struct ExportFixture {
    let ledger: TemporaryDirectory
    let out: TemporaryDirectory
    /// Ids of the records by seq (60 corrected, 54 retracted, 94 to 96 the amendments).
    let ids: [Int: String]
    /// The corrected title of event 60, and the correction's own title.
    static let correctedTitle = #"DeepSeek releases R1 & <R1-Zero> "reasoning" models, 'open' weights"#
    static let correctionTitle = #"Corrects R1's title & date (<was> "2025-01-20")"#

    init(amended: Bool = true) throws {
        ledger = try JSONSchemaTests.shippedLedger()
        out = try TemporaryDirectory()
        var ids: [Int: String] = [:]
        for seq in [54, 60] {
            let record = try JSONSerialization.jsonObject(
                with: Data(try JSONSchemaTests.json(["show", "\(seq)"], in: ledger).utf8))
            ids[seq] = try #require(((record as? [String: Any])?["record"] as? [String: Any])?["id"] as? String)
        }
        guard amended else {
            self.ids = ids
            return
        }
        func quoted(_ s: String) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: [s]), as: UTF8.self).dropFirst().dropLast()
                .description
        }
        let source = #""sources":[{"url":"https://example.org/a","publisher":"Example","quote":"q"}]"#
        let lines = [
            #"{"type":"correction","title":\#(quoted(Self.correctionTitle)),"occurred":"2026-03-01",\#(source),"#
                + #""amends":{"event":"\#(ids[60]!)","reason":"title","#
                + #""set":{"title":\#(quoted(Self.correctedTitle)),"occurred":"2025"}}}"#,
            #"{"type":"retraction","title":"Retracts an announcement","occurred":"2026-03-02",\#(source),"#
                + #""amends":{"event":"\#(ids[54]!)","reason":"wrong"}}"#,
            #"{"type":"claim-status","title":"Assessed","occurred":"2026-03-03",\#(source),"#
                + #""assessment":{"claim":"claim:deepseek-distilled-claude","status":"disputed","note":"n"}}"#,
        ]
        let append = try Annals.run(
            ["append", "--file", "-"], in: ledger.url, stdin: Data(lines.joined(separator: "\n").utf8))
        try #require(append.status == 0, "\(append.stderr)")
        for seq in 94...96 {
            let record = try JSONSerialization.jsonObject(
                with: Data(try JSONSchemaTests.json(["show", "\(seq)"], in: ledger).utf8))
            ids[seq] = try #require(((record as? [String: Any])?["record"] as? [String: Any])?["id"] as? String)
        }
        self.ids = ids
    }

    /// Runs `annals args…` in the ledger; requires success.
    @discardableResult
    func run(_ args: [String]) throws -> Annals.Result {
        let r = try Annals.run(args, in: ledger.url)
        try #require(r.status == 0, "annals \(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    /// `--format json` of an export's summary, parsed.
    func summary(_ args: [String]) throws -> [String: Any] {
        let r = try run(args + ["--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func path(_ name: String) -> String { out.url.appendingPathComponent(name).path }

    func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }

    func json(_ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: try bytes(name)) as? [String: Any])
    }
}
