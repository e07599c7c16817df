import Foundation
import Testing

/// Whether `python3` can import `jsonschema` (Debian: python3-jsonschema).
let jsonschemaAvailable: Bool = {
    guard let (status, _, _) = try? tool(["python3", "-c", "import jsonschema"], in: URL(fileURLWithPath: "/"))
    else { return false }
    return status == 0
}()

/// Every read command's `--format json` on a copy of the shipped ledger, against the shapes in
/// Docs/schemas (JSON Schema draft 2020-12, checked by Python's jsonschema) and a few facts in Swift.
@Suite("Read commands' JSON: documented shapes")
struct JSONSchemaTests {
    static let schemas = SiteProofTests.repo.appendingPathComponent("Docs/schemas")

    /// Validates `json` (a file) against `schema`; prints each error and exits 1 when it does not hold.
    static let validator = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
        for e in errors[:10]: print(list(e.absolute_path), e.message[:300])
        sys.exit(1 if errors else 0)
        """

    /// A copy of the shipped ledger (Events/ and ledger.json) in a temporary folder.
    static func shippedLedger() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        for name in ["Events", "ledger.json"] {
            try FileManager.default.copyItem(
                at: SiteProofTests.repo.appendingPathComponent(name), to: dir.url.appendingPathComponent(name))
        }
        return dir
    }

    static func json(_ args: [String], in ledger: TemporaryDirectory) throws -> String {
        let r = try Annals.run(args + ["--format", "json"], in: ledger.url)
        try #require(r.status == 0, "annals \(args.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    /// Whether `text` holds to Docs/schemas/`schema`.schema.json, with the validator's complaints.
    static func check(_ text: String, against schema: String, in dir: TemporaryDirectory) throws -> (Bool, String) {
        let file = try dir.write("output-\(UUID().uuidString).json", text)
        let schemaFile = schemas.appendingPathComponent("\(schema).schema.json")
        let (status, out, err) = try tool(["python3", "-c", validator, schemaFile.path, file.path], in: dir.url)
        return (status == 0, String(decoding: out, as: UTF8.self) + err)
    }

    @Test(.enabled(if: jsonschemaAvailable, "needs python3 with jsonschema: run Tools/install-test-deps.sh"))
    func everyReadCommandsJSONHoldsToItsSchema() throws {
        let ledger = try Self.shippedLedger()
        let claims = try JSONSerialization.jsonObject(with: Data(try Self.json(["claims"], in: ledger).utf8))
        let claimIDs = try #require((claims as? [String: Any])?["claims"] as? [[String: Any]]).compactMap {
            $0["id"] as? String
        }
        #expect(claimIDs.count >= 3)
        var runs: [(schema: String, args: [String])] = [
            ("timeline", ["timeline"]), ("timeline", ["timeline", "--as-of", "2025-01-31"]),
            ("log", ["log"]), ("log", ["log", "--since", "90"]), ("show", ["show", "1"]), ("show", ["show", "49"]),
            ("show", ["show", "67"]),
            ("claims", ["claims"]), ("claims", ["claims", "--status", "disputed"]),
            ("claims", ["claims", "--known-at-seq", "60", "--as-of", "2025-01"]),
            ("bans", ["bans"]), ("bans", ["bans", "--active-on", "2025-06-01"]),
            ("releases", ["releases"]), ("search", ["search", "chip*"]), ("search", ["search", "nothingmatcheshere"]),
            ("entities", ["entities"]),
        ]
        runs += claimIDs.map { ("claim", ["claim", $0]) }
        try Self.expectHolds(runs, in: ledger)
    }

    static func expectHolds(_ runs: [(schema: String, args: [String])], in ledger: TemporaryDirectory) throws {
        for run in runs {
            let (holds, why) = try check(try json(run.args, in: ledger), against: run.schema, in: ledger)
            #expect(holds, "annals \(run.args.joined(separator: " ")) --format json: \(why)")
        }
    }

    /// The shipped ledger has no correction, retraction or assessment: add one of each.
    @Test(.enabled(if: jsonschemaAvailable, "needs python3 with jsonschema: run Tools/install-test-deps.sh"))
    func correctionsRetractionsAndAssessmentsHoldToo() throws {
        let ledger = try Self.shippedLedger()
        func id(_ seq: Int) throws -> String {
            let record = try JSONSerialization.jsonObject(
                with: Data(try Self.json(["show", "\(seq)"], in: ledger).utf8))
            return try #require(((record as? [String: Any])?["record"] as? [String: Any])?["id"] as? String)
        }
        let source = #""sources":[{"url":"https://example.org/a","publisher":"Example","quote":"q"}]"#
        let lines = [
            #"{"type":"correction","title":"Corrects a release","occurred":"2026-03-01",\#(source),"#
                + #""amends":{"event":"\#(try id(50))","reason":"role","#
                + #""set":{"actors":[{"entity":"org:anthropic","role":"maker"}]}}}"#,
            #"{"type":"retraction","title":"Retracts an announcement","occurred":"2026-03-02",\#(source),"#
                + #""amends":{"event":"\#(try id(54))","reason":"wrong"}}"#,
            #"{"type":"claim-status","title":"Assessed","occurred":"2026-03-03",\#(source),"#
                + #""assessment":{"claim":"claim:deepseek-distilled-claude","status":"disputed","note":"n"}}"#,
        ]
        let append = try Annals.run(
            ["append", "--file", "-"], in: ledger.url, stdin: Data(lines.joined(separator: "\n").utf8))
        try #require(append.status == 0, "\(append.stderr)")
        try Self.expectHolds(
            [
                ("log", ["log"]), ("show", ["show", "50"]), ("show", ["show", "94"]), ("show", ["show", "95"]),
                ("show", ["show", "96"]),
                ("timeline", ["timeline"]), ("claims", ["claims"]),
                ("claim", ["claim", "claim:deepseek-distilled-claude"]), ("search", ["search", "Assessed"]),
            ], in: ledger)
        let timeline = try Self.json(["timeline"], in: ledger)
        #expect(
            timeline.contains(#""status":"corrected""#)
                && timeline.contains(#"{"entity":"org:anthropic","role":"maker"}"#))
        #expect(
            try Self.json(["claim", "claim:deepseek-distilled-claude"], in: ledger).contains(#""kind":"assessment""#))
    }

    @Test(.enabled(if: jsonschemaAvailable, "needs python3 with jsonschema: run Tools/install-test-deps.sh"))
    func theSchemasRefuseTheOldFlattenedShapes() throws {
        let dir = try TemporaryDirectory()
        let ledger = #""ledger":{"seq":1,"head":"\#(String(repeating: "0", count: 64))"}"#
        let unwrapped: [(schema: String, json: String)] = [
            (
                "bans",
                #"[{"imposed":"2022-10-07","status":"relaxed","id":"ban:x","authority":"gov:us/bis","#
                    + #""targets":"country:cn","items":"a; b","title":"T"}]"#
            ),
            (
                "timeline",
                #"[{"occurred":"2023-03-14","type":"release","title":"T","actors":"org:a=developer","#
                    + #""id":"ev_e886b8e8f0d7c3de0cc68b71061621a0","seq":50,"status":"as-recorded"}]"#
            ),
            (
                "claims",
                #"[{"id":"claim:x","standing":"alleged","basis":"derived","assertions":"1","reports":0,"denials":0,"#
                    + #""acknowledgements":0,"no_comments":0,"evidence_sources":2,"statement":"S"}]"#
            ),
        ]
        let key = ["bans": "bans", "timeline": "events", "claims": "claims"]
        let cases = unwrapped.map { ($0.schema, "{\(ledger),\"\(key[$0.schema]!)\":\($0.json)}") }
        for c in cases {
            let (holds, _) = try Self.check(c.1, against: c.0, in: dir)
            #expect(!holds, "\(c.0) accepted \(c.1)")
            // The same object with an empty list holds: what is refused is the flattened row.
            let empty = "{\(ledger),\"\(key[c.0]!)\":[]}"
            let (emptyHolds, why) = try Self.check(empty, against: c.0, in: dir)
            #expect(emptyHolds, "\(c.0) refused \(empty): \(why)")
        }
        // The bare arrays the read commands printed before they carried their state are refused too.
        let (bare, _) = try Self.check("[]", against: "timeline", in: dir)
        #expect(!bare)
    }

    @Test func listsAreArraysActorsAndSourcesObjectsAndNothingIsNull() throws {
        let ledger = try Self.shippedLedger()
        func parse(_ args: [String]) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(try Self.json(args, in: ledger).utf8))
        }
        func list(_ args: [String], _ key: String) throws -> [[String: Any]] {
            try #require((try parse(args) as? [String: Any])?[key] as? [[String: Any]])
        }
        func hasNull(_ value: Any) -> Bool {
            if value is NSNull { return true }
            if let a = value as? [Any] { return a.contains(where: hasNull) }
            if let o = value as? [String: Any] { return o.values.contains(where: hasNull) }
            return false
        }

        let bans = try list(["bans"], "bans")
        #expect(!bans.isEmpty)
        for ban in bans {
            #expect(ban["targets"] is [String] && ban["items"] is [String], "\(ban)")
            #expect(ban["imposed"] is String)
        }
        #expect(bans.contains { ($0["targets"] as? [String])?.count ?? 0 >= 2 })
        #expect(bans.contains { ($0["targets"] as? [String])?.contains("country:cn") == true })

        let timeline = try list(["timeline"], "events")
        let actors = timeline.flatMap { $0["actors"] as? [[String: String]] ?? [] }
        #expect(timeline.allSatisfy { $0["actors"] is [Any] && $0["seq"] is Int })
        #expect(!actors.isEmpty && actors.allSatisfy { Set($0.keys) == ["entity", "role"] })
        #expect(actors.contains { $0["entity"] == "gov:us/bis" && $0["role"] == "issuer" })

        let claims = try list(["claims"], "claims")
        #expect(claims.allSatisfy { $0["assertions"] is Int && $0["evidence_sources"] is Int })
        let id = try #require(claims.first?["id"] as? String)
        let claim = try #require(try parse(["claim", id]) as? [String: Any])
        let history = try #require(claim["history"] as? [[String: Any]])
        let sources = history.flatMap { $0["sources"] as? [[String: Any]] ?? [] }
        #expect(!sources.isEmpty && sources.allSatisfy { $0["url"] != nil || $0["publisher"] != nil })
        #expect(
            Set(sources.flatMap(\.keys)).isSubset(of: ["url", "publisher", "title", "published", "quote", "capture"]))
        // The shipped ledger has no captures: every source with a URL says so.
        #expect(
            sources.allSatisfy {
                $0["url"] == nil || ($0["capture"] as? [String: Any])?["captured"] as? Bool == false
            })
        #expect(history.allSatisfy { $0["actors"] is [[String: String]] })

        let hits = try list(["search", "chip*"], "results")
        #expect(!hits.isEmpty && hits.allSatisfy { $0["rank"] is Double || $0["rank"] is Int })

        // One rule for a field without a value: it is left out, never null.
        for args in [["timeline"], ["claims"], ["claim", id], ["bans"], ["releases"], ["search", "chip*"], ["log"]] {
            #expect(!hasNull(try parse(args)), "annals \(args.joined(separator: " ")) --format json prints a null")
        }
    }
}
