import Foundation
import Testing

/// Every read command answered from a PostgreSQL projection (`--projection URL`, kept by
/// `annals sync`) against the same command on the SQLite projection: byte-identical stdout,
/// stderr and exit status for every command, format and moment; search matches, query's
/// refusals and the messages of a missing or lagging schema on their own.
@Suite("Reads from PostgreSQL", .enabled(if: PostgresServer.available, PostgresServer.missing))
struct PostgresReadTests {
    /// A ledger folder synced into a fresh database.
    struct Synced {
        let dir: TemporaryDirectory
        let root: URL
        let url: String

        func run(_ args: [String], environment: [String: String] = [:]) throws -> Annals.Result {
            try Annals.run(args, in: root, environment: environment)
        }

        /// The database's name (for psql).
        var database: String {
            String(url[url.range(of: "@/")!.upperBound...].prefix { $0 != "?" })
        }

        /// A field of the record at `seq` (`show --format jsonl`).
        func field(_ name: String, ofSeq seq: Int) throws -> String {
            let r = try run(["show", String(seq), "--format", "jsonl"])
            let record = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return try #require(record?[name] as? String, "show \(seq): \(r.stderr)")
        }

        /// The first column of the first row of `sql` on the SQLite projection.
        func scalar(_ sql: String) throws -> String {
            let r = try run(["query", sql, "--format", "csv"])
            try #require(r.status == 0, "\(sql): \(r.stderr)")
            return try #require(r.stdout.split(separator: "\n").dropFirst().first.map(String.init), "\(sql): no row")
        }
    }

    /// Starts the shared server before this test spawns anything else: a process spawned while
    /// `pg_ctl` starts the server could leave a pipe open in the server, and its reader would wait forever.
    static func server() throws {
        if external == nil { _ = try PostgresServer.shared }
    }

    /// A server already running (`$ANNALS_TEST_POSTGRES_URL`, a URL of its `postgres` database)
    /// instead of the shared one the suite starts.
    static let external = ProcessInfo.processInfo.environment["ANNALS_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }
    nonisolated(unsafe) static var databases = 0
    static let lock = NSLock()

    /// A new, empty database.
    static func makeDatabase() throws -> String {
        guard let external else { return try PostgresServer.shared.makeDatabase() }
        let name = lock.withLock {
            databases += 1
            return "read_\(getpid())_\(databases)"
        }
        let (status, _, err) = try tool(
            ["psql", "-X", "-q", external, "-c", "CREATE DATABASE \(name)"],
            in: URL(
                fileURLWithPath: "/tmp"))
        try #require(status == 0, "psql: \(err)")
        return external.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
    }

    /// Runs SQL in `database` with psql (unaligned, tuples only).
    static func psql(_ sql: String, database: String) throws -> String {
        guard let external else { return try PostgresServer.shared.psql(sql, database: database) }
        let url = external.replacingOccurrences(of: "/postgres?", with: "/\(database)?")
        let (status, out, err) = try tool(
            ["psql", "-X", "-q", "-A", "-t", url, "-c", sql], in: URL(fileURLWithPath: "/tmp"))
        try #require(status == 0, "psql: \(err)")
        return String(decoding: out, as: UTF8.self)
    }

    /// Syncs the ledger in `dir` into a new database and reads once, so the SQLite projection is built.
    static func sync(_ dir: TemporaryDirectory, root: URL? = nil) throws -> Synced {
        let url = try makeDatabase()
        let synced = Synced(dir: dir, root: root ?? dir.url, url: url)
        let r = try synced.run(["sync", url])
        try #require(r.status == 0, "sync: \(r.stderr)")
        _ = try synced.run(["query", "SELECT 1"])
        return synced
    }

    /// The shipped ledger with a correction (new actors), a retraction and an assessment appended.
    static func shipped() throws -> Synced {
        let dir = try JSONSchemaTests.shippedLedger()
        func id(_ seq: Int) throws -> String {
            let r = try Annals.run(["show", String(seq), "--format", "jsonl"], in: dir.url)
            let record = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return try #require(record?["id"] as? String)
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
            ["append", "--file", "-"], in: dir.url, stdin: Data(lines.joined(separator: "\n").utf8))
        try #require(append.status == 0, "\(append.stderr)")
        return try sync(dir)
    }

    /// A generated ledger of `count` events (Tools/generate-events.py).
    static func generated(_ count: Int) throws -> Synced {
        let dir = try TemporaryDirectory()
        let events = dir.url.appendingPathComponent("events.jsonl")
        let script = SiteProofTests.repo.appendingPathComponent("Tools/generate-events.py").path
        let (status, out, err) = try tool(["python3", script, String(count)], in: dir.url)
        try #require(status == 0, "generate-events: \(err)")
        try out.write(to: events)
        let ledger = dir.url.appendingPathComponent("l")
        try #require(try Annals.run(["init", ledger.path], in: dir.url).status == 0)
        let append = try Annals.run(["append", "--file", events.path], in: ledger)
        try #require(append.status == 0, "append: \(append.stderr)")
        return try sync(dir, root: ledger)
    }

    /// Every read command with the options that change its query, for a ledger with these ids.
    static func reads(claim: String, entity: String, organisation: String, day: String) -> [[String]] {
        [
            ["timeline"], ["timeline", "--actor", entity], ["timeline", "--type", "ban", "--type", "release"],
            ["timeline", "--from", "2024-06", "--to", "2025"], ["timeline", "--from", day],
            ["claims"], ["claims", "--status", "disputed"], ["claims", "--about", entity], ["claim", claim],
            ["bans"], ["bans", "--active-on", day], ["releases"], ["releases", "--by", organisation],
            ["query", "SELECT * FROM timeline ORDER BY occurred_sort, seq"],
            ["query", "SELECT * FROM claim_standing ORDER BY id"],
            ["query", "SELECT seq, id, type, occurred_start, recorded, hash, status FROM events ORDER BY seq"],
            ["query", "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY type"],
            ["query", "SELECT * FROM ban_periods ORDER BY id"],
        ]
    }

    /// Runs every read × format × moment on both projections and expects the same bytes.
    static func expectSame(_ ledger: Synced, reads: [[String]], moments: [[String]]) throws {
        var compared = 0
        for read in reads {
            for format in ["text", "json", "csv"] {
                for moment in moments {
                    let args = read + ["--format", format] + moment
                    let sqlite = try ledger.run(args)
                    let postgres = try ledger.run(args + ["--projection", ledger.url])
                    let what = "annals \(args.joined(separator: " "))"
                    // A claim may not be known yet at an earlier moment: the same refusal on both.
                    #expect(sqlite.status == 0 || read[0] == "claim", "\(what): \(sqlite.stderr)")
                    #expect(postgres.status == sqlite.status, "\(what): \(postgres.stderr)")
                    #expect(postgres.stdout == sqlite.stdout, "\(what): stdout differs")
                    #expect(postgres.stderr == sqlite.stderr, "\(what): stderr differs")
                    compared += 1
                }
            }
        }
        #expect(compared == reads.count * 3 * moments.count)
    }

    @Test("the shipped ledger, with a correction and a retraction: every read, format and moment")
    func shippedLedgerReadsTheSame() throws {
        _ = try Self.server()
        let ledger = try Self.shipped()
        let known = try ledger.field("recorded", ofSeq: 60)
        try Self.expectSame(
            ledger,
            reads: Self.reads(
                claim: "claim:deepseek-distilled-claude", entity: "org:deepseek", organisation: "org:anthropic",
                day: "2025-06-01"),
            moments: [
                [], ["--as-of", "2025-01-31"], ["--known-at-seq", "60"], ["--known-at", known],
                ["--as-of", "2025-06", "--known-at-seq", "95"],
            ])
    }

    @Test("a generated ledger: every read, format and moment")
    func generatedLedgerReadsTheSame() throws {
        _ = try Self.server()
        let ledger = try Self.generated(3000)
        let claim = try ledger.scalar("SELECT id FROM claim_standing ORDER BY id LIMIT 1")
        let organisation = try ledger.scalar(
            "SELECT organisation FROM release_list WHERE organisation IS NOT NULL ORDER BY event_seq LIMIT 1")
        let entity = try ledger.scalar(
            "SELECT entity_id FROM event_actors GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1")
        let known = try ledger.field("recorded", ofSeq: 1500)
        try Self.expectSame(
            ledger,
            reads: Self.reads(claim: claim, entity: entity, organisation: organisation, day: "2020-06-01"),
            moments: [[], ["--as-of", "2019-06-30"], ["--known-at-seq", "1500"], ["--known-at", known]])
    }

    @Test("search on PostgreSQL finds the events FTS5 finds, for plain words and prefixes")
    func searchFindsTheSameEvents() throws {
        _ = try Self.server()
        let ledger = try Self.shipped()
        func ids(_ args: [String]) throws -> [String] {
            let r = try ledger.run(["search"] + args + ["--format", "json", "--limit", "500"])
            try #require(r.status == 0, "search \(args): \(r.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let results = try #require(object?["results"] as? [[String: Any]])
            return results.compactMap { $0["id"] as? String }.sorted()
        }
        for words in [["distillation"], ["distill*"], ["Nvidia", "H20"], ["DeepSeek-V3"], ["chip*"], ["Huawei"]] {
            let sqlite = try ids(words)
            #expect(!sqlite.isEmpty, "\(words) finds nothing on SQLite")
            #expect(try ids(words + ["--projection", ledger.url]) == sqlite, "\(words)")
        }
        #expect(try ids(["nothingmatcheshere", "--projection", ledger.url]).isEmpty)
        // The retracted announcement is left out on both.
        let retracted = try ledger.field("id", ofSeq: 54)
        #expect(!(try ids(["Retracts", "--projection", ledger.url]).contains(retracted)))
        // A moment limits the hits as on SQLite.
        #expect(
            try ids(["distill*", "--as-of", "2025-02-01", "--projection", ledger.url])
                == (try ids(["distill*", "--as-of", "2025-02-01"])))
        let text = try ledger.run(["search", "distillation", "--projection", ledger.url])
        #expect(text.stdout.contains("[distillation]"), "ts_headline marks the match: \(text.stdout)")
    }

    @Test("query on PostgreSQL runs read-only: writes, several statements and long queries are refused")
    func queryRefusesWrites() throws {
        _ = try Self.server()
        let ledger = try Self.shipped()
        let before = try Self.psql(
            "SELECT count(*) FROM annals.event_versions", database: ledger.database)
        let cases: [(sql: String, status: Int32, says: String)] = [
            ("DELETE FROM event_versions", 65, "DELETE statements are not allowed"),
            ("WITH d AS (DELETE FROM event_versions RETURNING 1) SELECT count(*) FROM d", 65, "the statement writes"),
            ("SELECT 1; DELETE FROM event_versions", 65, "it holds more than one statement"),
            ("SELECT pg_sleep(5)", 65, "stopped after 1 s"),
            ("SELECT * FROM no_such_table", 65, "no_such_table"),
        ]
        for c in cases {
            let r = try ledger.run(["query", c.sql, "--timeout", "1", "--projection", ledger.url])
            #expect(r.status == c.status, "\(c.sql): \(r.stderr)")
            #expect(r.stderr.contains(c.says), "\(c.sql): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let after = try Self.psql(
            "SELECT count(*) FROM annals.event_versions", database: ledger.database)
        #expect(after == before)
        // The views see the moment the settings give, as any SQL client does.
        let past = try ledger.run(
            [
                "query", "SELECT count(*) AS n FROM events", "--format", "csv", "--known-at-seq", "10",
                "--projection", ledger.url,
            ])
        #expect(past.stdout == "n\n10\n", "\(past.stderr)")
    }

    @Test("a missing schema says to run annals sync; a lagging one answers with a notice")
    func missingAndLaggingSchemas() throws {
        _ = try Self.server()
        let ledger = try Self.shipped()
        let missing = try ledger.run(["timeline", "--projection", ledger.url, "--schema", "elsewhere"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no Annals projection in the schema elsewhere"), "\(missing.stderr)")
        #expect(missing.stderr.contains("annals sync"))
        let empty = try Self.makeDatabase()
        let none = try ledger.run(["claims", "--projection", empty])
        #expect(none.status == 66 && none.stderr.contains("annals sync"), "\(none.stderr)")

        let append = try Annals.run(
            ["append", "--file", "-"], in: ledger.root,
            stdin: Data((Inputs.announcement(1, actor: "org:deepseek", date: "2026-04-30") + "\n").utf8))
        try #require(append.status == 0, "\(append.stderr)")
        let lagging = try ledger.run(
            ["timeline", "--format", "json"], environment: ["ANNALS_POSTGRES_URL": ledger.url])
        #expect(lagging.status == 0)
        #expect(
            lagging.stderr.contains("the PostgreSQL projection is at seq 96, the log at 97: run annals sync"),
            "\(lagging.stderr)")
        #expect(lagging.stdout.contains("\"seq\":96"))
        #expect(try ledger.run(["sync", ledger.url]).status == 0)
        let current = try ledger.run(
            ["timeline", "--format", "json"], environment: ["ANNALS_POSTGRES_URL": ledger.url])
        #expect(current.stderr.isEmpty, "\(current.stderr)")
        #expect(current.stdout == (try ledger.run(["timeline", "--format", "json"])).stdout)
    }
}
