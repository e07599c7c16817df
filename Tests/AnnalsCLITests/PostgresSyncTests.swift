import Foundation
import Testing

/// `annals sync` against a real PostgreSQL server the tests start themselves: first load,
/// catch-up (corrections and retractions included), and the faults of the issue (a dropped
/// connection, a wrong password, an altered schema, two syncs at once). After
/// each, the next sync must converge to exactly the log: the schema equals one rebuilt from scratch.
@Suite(.enabled(if: PostgresServer.available, PostgresServer.missing))
struct PostgresSyncTests {
    static var server: PostgresServer {
        get throws { try PostgresServer.shared }
    }

    /// The tables a sync writes (views are computed from them).
    static let tables = [
        "event_versions", "entity_facts", "entity_alias_facts", "event_actor_versions", "source_facts",
        "event_source_versions", "claim_facts", "claim_history_facts", "ban_facts", "ban_target_facts",
        "ban_item_facts", "ban_lift_facts", "release_facts", "capture_facts", "search",
    ]

    /// A database, its name (for psql) and URL.
    struct Database {
        let url: String
        /// The server it is on (the shared one, unless a test started its own).
        var server: PostgresServer
        /// The database name: the URL's path, between "@/" and "?".
        var name: String {
            String(url.components(separatedBy: "@/")[1].split(separator: "?").first!)
        }
    }

    static func database() throws -> Database {
        let server = try server
        return Database(url: try server.makeDatabase(), server: server)
    }

    static func sync(_ ledger: URL, _ db: Database, _ extra: [String] = []) throws -> Annals.Result {
        try Annals.run(["sync", db.url] + extra, in: ledger)
    }

    static func psql(_ db: Database, _ sql: String) throws -> String {
        try db.server.psql(sql, database: db.name).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Requires `schema` to hold exactly the rows of a schema rebuilt from the log now, and its
    /// meta to stand at the log's last seq.
    static func requireConverged(_ ledger: URL, _ db: Database, schema: String = "annals") throws {
        let fresh = try sync(ledger, db, ["--schema", "fresh", "--rebuild"])
        try #require(fresh.status == 0, "\(fresh.stderr)")
        for table in tables {
            let differing = try psql(
                db,
                "SELECT count(*) FROM ((TABLE \(schema).\(table) EXCEPT ALL TABLE fresh.\(table)) "
                    + "UNION ALL (TABLE fresh.\(table) EXCEPT ALL TABLE \(schema).\(table))) d")
            #expect(differing == "0", "\(table): \(differing) rows differ from a rebuild")
        }
        let seqs = try psql(
            db,
            "SELECT (SELECT value FROM \(schema).meta WHERE key = 'last_seq') || ' ' || "
                + "(SELECT value FROM fresh.meta WHERE key = 'last_seq')")
        let parts = seqs.split(separator: " ")
        #expect(parts.count == 2 && parts[0] == parts[1], "meta last_seq: \(seqs)")
    }

    /// Requires every table to hold as many rows as the SQLite projection's.
    static func requireSameCounts(_ ledger: URL, _ db: Database) throws {
        let sqlite = ledger.appendingPathComponent(".annals/annals.sqlite").path
        for table in tables {
            let (status, out, err) = try tool(["sqlite3", sqlite, "SELECT count(*) FROM \(table)"], in: ledger)
            try #require(status == 0, "sqlite3: \(err)")
            let local = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try psql(db, "SELECT count(*) FROM annals.\(table)") == local, "\(table)")
        }
    }

    @Test func loadsTheShippedLedgerThenCatchesUpWithAmendments() throws {
        let fixture = try ExportFixture(amended: false)
        let ledger = fixture.ledger.url
        let db = try Self.database()
        let first = try Self.sync(ledger, db)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("rebuilt annals from 93 records"), "\(first.stdout)")
        #expect(first.stdout.contains("holds no Annals projection yet"))
        try Self.requireSameCounts(ledger, db)
        let again = try Self.sync(ledger, db)
        #expect(again.stdout == "annals is up to date at seq 93\n", "\(again.stdout)")

        // The amendments rewrite earlier events' rows: the catch-up must replace them.
        let amended = try ExportFixture(amended: true)
        for name in ["Events"] {
            try FileManager.default.removeItem(at: ledger.appendingPathComponent(name))
            try FileManager.default.copyItem(
                at: amended.ledger.url.appendingPathComponent(name), to: ledger.appendingPathComponent(name))
        }
        let caught = try Self.sync(ledger, db, ["--format", "json"])
        #expect(caught.status == 0, "\(caught.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(caught.stdout.utf8)) as? [String: Any], "\(caught.stdout)")
        #expect(report["applied"] as? Int == 3)
        #expect(report["seq"] as? Int == 96)
        #expect(report["rebuilt_because"] == nil, "\(caught.stdout)")
        try Self.requireSameCounts(ledger, db)
        try Self.requireConverged(ledger, db)
        #expect(try Self.psql(db, "SELECT status FROM annals.event_versions WHERE vid = 54") == "retracted")
        #expect(
            try Self.psql(db, "SELECT title FROM annals.event_versions WHERE vid = 60")
                == ExportFixture.correctedTitle)
    }

    @Test func anotherHistoryIsRebuiltAndSaysWhy() throws {
        let a = try TestLedger()
        try #require(a.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1)).status == 0)
        let b = try TestLedger()
        let other = Inputs.base + Inputs.announcement(3) + "\n" + Inputs.announcement(4)
        try #require(b.run(["append", "--file", "-"], stdin: other).status == 0)
        let db = try Self.database()
        try #require(try Self.sync(a.root, db).status == 0)
        let rebuilt = try Self.sync(b.root, db)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("rebuilt annals"), "\(rebuilt.stdout)")
        #expect(rebuilt.stdout.contains("history differs from the log's at seq 3"), "\(rebuilt.stdout)")
        try Self.requireConverged(b.root, db)
    }

    @Test func aWrongPasswordIsRefusedWithoutShowingIt() throws {
        let ledger = try TestLedger()
        let url = try Self.server.url(password: "not-the-password")
        let r = try Annals.run(["sync", url], in: ledger.root)
        #expect(r.status == 74, "\(r.stderr)")
        #expect(r.stderr.contains("cannot connect to PostgreSQL"), "\(r.stderr)")
        #expect(r.stderr.contains("password authentication failed"), "\(r.stderr)")
        #expect(!r.stderr.contains("not-the-password"), "\(r.stderr)")
    }

    @Test(arguments: [
        (["sync", "mysql://localhost/x"], Int32(64), "is not a PostgreSQL URL"),
        (["sync", "postgresql:///x", "--schema", "Bad-Name"], 64, "not a plain schema name"),
        (["sync"], 64, "give a PostgreSQL URL"),
        (["sync", "postgresql:///x", "--interval", "0", "--watch"], 64, "--interval must be"),
    ])
    func badArgumentsAreRefused(args: [String], status: Int32, message: String) throws {
        let ledger = try TestLedger()
        let r = try Annals.run(args, in: ledger.root, environment: ["ANNALS_POSTGRES_URL": ""])
        #expect(r.status == status, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func anAlteredSchemaIsRebuiltAndForeignTablesAreRefused() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1)).status == 0)
        let db = try Self.database()
        try #require(try Self.sync(ledger.root, db).status == 0)
        _ = try Self.psql(db, "ALTER TABLE annals.event_versions ADD COLUMN note text")
        let altered = try Self.sync(ledger.root, db)
        #expect(altered.status == 0, "\(altered.stderr)")
        #expect(altered.stdout.contains("its tables or views were altered"), "\(altered.stdout)")
        try Self.requireConverged(ledger.root, db)

        _ = try Self.psql(db, "CREATE TABLE annals.my_notes (id int)")
        let foreign = try Self.sync(ledger.root, db)
        #expect(foreign.status == 73, "\(foreign.stderr)")
        #expect(foreign.stderr.contains("Annals did not make (my_notes)"), "\(foreign.stderr)")
        #expect(try Self.psql(db, "SELECT count(*) FROM annals.my_notes") == "0", "their table is left alone")
    }

    @Test func aSecondSyncRefusesOrWaitsForTheLock() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: Inputs.base + Inputs.announcement(1)).status == 0)
        let db = try Self.database()
        // Another session holds the schema's advisory lock for a few seconds.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "psql", "-X", "-q", db.url, "-c",
            "SELECT pg_advisory_lock(hashtext('annals sync annals')); SELECT pg_sleep(4);",
        ]
        holder.standardOutput = FileHandle.nullDevice
        try holder.run()
        defer { holder.terminate() }
        try Self.waitFor(seconds: 10) {
            try Self.server.poll(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", database: db.name)
                == "1"
        }
        let busy = try Self.sync(ledger.root, db)
        #expect(busy.status == 75, "\(busy.stderr)")
        #expect(busy.stderr.contains("another 'annals sync' is writing"), "\(busy.stderr)")
        let waited = try Self.sync(ledger.root, db, ["--wait"])
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stdout.contains("now at seq 3"), "\(waited.stdout)")
    }

    @Test func aConnectionDroppedMidSyncLeavesNothingHalfAppliedAndTheNextSyncConverges() throws {
        let ledger = try TestLedger()
        let generator = SiteProofTests.repo.appendingPathComponent("Tools/generate-events.py").path
        let (status, generated, err) = try tool(["python3", generator, "32000", "--kb"], in: ledger.root)
        try #require(status == 0, "\(err)")
        let lines = String(decoding: generated, as: UTF8.self).split(separator: "\n")
        let append = { (part: ArraySlice<Substring>) in
            let r = try ledger.run(["append", "--file", "-"], stdin: part.joined(separator: "\n") + "\n")
            try #require(r.status == 0, "\(r.stderr)")
        }
        try append(lines[..<2000])
        let db = try Self.database()
        try #require(try Self.sync(ledger.root, db).status == 0)
        let before = try Self.psql(db, "SELECT value FROM annals.meta WHERE key = 'last_seq'")
        try append(lines[2000...])
        try #require(ledger.run(["query", "SELECT 1"]).status == 0)  // the SQLite projection catches up first

        // Kill the sync's backend as soon as it is copying rows.
        let server = try Self.server
        let killer = Thread {
            for _ in 0..<2000 {
                let killed = server.poll(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
                        + "'annals' AND datname = '\(db.name)' AND query LIKE 'COPY%'")
                if let killed, killed != "0" { return }
                usleep(5_000)
            }
        }
        killer.start()
        let dropped = try Self.sync(ledger.root, db)
        #expect(dropped.status == 74, "\(dropped.stdout) \(dropped.stderr)")
        #expect(dropped.stderr.contains("was lost"), "\(dropped.stderr)")
        #expect(
            try Self.psql(db, "SELECT value FROM annals.meta WHERE key = 'last_seq'") == before,
            "a failed catch-up must leave the schema as it was")
        #expect(
            try Self.psql(db, "SELECT count(*) FROM annals.event_versions") == before,
            "no rows of the failed batch are visible")
        let next = try Self.sync(ledger.root, db)
        #expect(next.status == 0, "\(next.stderr)")
        try Self.requireConverged(ledger.root, db)
    }

    /// Polls `condition` until it holds; records an issue naming `what` if it does not within `seconds`.
    static func waitFor(
        seconds: Double, _ what: @autoclosure () -> String = "", _ condition: () throws -> Bool
    ) throws {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return }
            usleep(50_000)
        }
        Issue.record("timed out after \(seconds) s \(what())")
        throw CancellationError()
    }
}
