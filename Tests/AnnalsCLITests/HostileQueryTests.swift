import Foundation
import Testing

/// `annals query` on the SQLite projection against hostile SQL: the functions on the README's
/// list work (views, JSON, full-text, windows, dates), everything else is refused with exit 65
/// and one message, values and memory stay within the documented limits, and the ledger's
/// bytes never change.
@Suite("Hostile queries")
struct HostileQueryTests {
    /// A small ledger of a city's water dispute.
    static func ledger() throws -> TestLedger {
        let ledger = try TestLedger()
        let source = Inputs.source
        let events = [
            Inputs.entity("org:riverton", "City of Riverton", aliases: ["Riverton"]),
            Inputs.entity("org:valley", "Valley Water District"),
            #"{"type":"announcement","title":"Reservoir levels fall below the drought mark","occurred":"2025-03-02","#
                + #""actors":[{"entity":"org:valley","role":"announcer"}],\#(source)}"#,
            #"{"type":"announcement","title":"Riverton disputes the district's pumping quota","occurred":"2025-04-10","#
                + #""actors":[{"entity":"org:riverton","role":"announcer"}],\#(source)}"#,
        ]
        let r = try ledger.run(["append", "--file", "-"], stdin: events.joined(separator: "\n") + "\n")
        try #require(r.status == 0, "\(r.stderr)")
        let built = try ledger.run(["query", "SELECT 1"])  // builds the projection (a notice on stderr)
        try #require(built.status == 0, "\(built.stderr)")
        return ledger
    }

    struct Allowed: CustomTestStringConvertible, Sendable {
        var sql: String
        var expected: String
        var testDescription: String { String(sql.prefix(70)) }
    }

    static let allowed: [Allowed] = [
        Allowed(sql: "SELECT count(*) AS n FROM entities", expected: "n\n2\n"),
        Allowed(sql: #"SELECT json_extract('{"basin":"north"}', '$.basin') AS b"#, expected: "b\nnorth\n"),
        Allowed(sql: #"SELECT '{"wells":[4,7]}' ->> '$.wells[1]' AS w"#, expected: "w\n7\n"),
        Allowed(
            sql: "SELECT snippet(search, -1, '[', ']', '…', 4) AS s, bm25(search) < 0 AS ranked FROM search "
                + "WHERE search MATCH 'reservoir'",
            expected: "[Reservoir]"),
        Allowed(
            sql: "SELECT row_number() OVER (ORDER BY id) AS n, upper(name) AS name FROM entities "
                + "WHERE name LIKE '%valley%'",
            expected: "1,VALLEY WATER DISTRICT\n"),
        Allowed(sql: "SELECT date('2025-03-02', '+1 month') AS d", expected: "d\n2025-04-02\n"),
        Allowed(sql: "SELECT sum(value) AS s FROM json_each('[4, 7, 9]')", expected: "s\n20\n"),
        Allowed(
            sql: "SELECT group_concat(title, ' | ') AS t FROM (SELECT title FROM timeline ORDER BY seq)",
            expected: "Reservoir levels fall below the drought mark | Riverton disputes"),
        Allowed(sql: "SELECT substr(printf('%08d', 42), 5) AS p, abs(-3) AS a", expected: "p,a\n0042,3\n"),
    ]

    @Test(arguments: allowed) func allowedFunctionsWork(_ c: Allowed) throws {
        let ledger = try Self.ledger()
        for moment in [[], ["--as-of", "2025-12-31"]] {
            let r = try ledger.run(["query", c.sql, "--format", "csv"] + moment)
            #expect(r.status == 0, "\(moment): \(r.stderr)")
            #expect(r.stdout.contains(c.expected), "\(moment): \(r.stdout)")
        }
    }

    /// Every view answers through the query connection, now and at a moment (its TEMP views).
    @Test func everyViewAnswers() throws {
        let ledger = try Self.ledger()
        let views = [
            "events", "entities", "entity_aliases", "event_actors", "sources", "event_sources", "claims",
            "claim_history", "bans", "ban_targets", "ban_items", "ban_lifts", "releases", "timeline",
            "standing_events", "claim_evidence", "claim_standing", "open_claims", "ban_periods", "release_list",
            "moment_events", "search_rows",
        ]
        for view in views {
            for moment in [[], ["--known-at-seq", "3"]] {
                let r = try ledger.run(["query", "SELECT * FROM \(view)", "--format", "csv"] + moment)
                #expect(r.status == 0, "\(view) \(moment): \(r.stderr)")
            }
        }
    }

    struct Denied: CustomTestStringConvertible, Sendable {
        var sql: String
        var message: String
        var extra: [String] = []
        var testDescription: String { String(sql.prefix(70)) }
    }

    static let denied: [Denied] = [
        Denied(sql: "SELECT length(hex(randomblob(400000000)))", message: "the function \"randomblob\" is not allowed"),
        Denied(sql: "SELECT zeroblob(400000000)", message: "the function \"zeroblob\" is not allowed"),
        Denied(sql: "SELECT fts3_tokenizer('simple')", message: "the function \"fts3_tokenizer\" is not allowed"),
        Denied(sql: "SELECT sqlite_compileoption_get(0)", message: "is not allowed"),
        Denied(sql: "SELECT load_extension('/tmp/x.so')", message: "load_extension is not allowed"),
        Denied(sql: "SELECT readfile('/etc/passwd')", message: "readfile"),
        Denied(sql: "WITH x AS (SELECT 1) DELETE FROM events", message: "the statement writes"),
        Denied(sql: "SELECT * FROM pragma_table_info('events')", message: "table-valued functions other than"),
        Denied(sql: "SELECT 1; SELECT 2", message: "more than one statement"),
        Denied(sql: "PRAGMA writable_schema = ON", message: "PRAGMA statements are not allowed"),
        Denied(
            sql: "SELECT length(replace(printf('%.*c', 10000000, 'x'), 'x', 'yy'))",
            message: "a value longer than 16 MB"),
        // One row of twenty 10 MB values held at once: 200 MB, past SQLite's 100 MB cap.
        Denied(
            sql: "SELECT " + (0..<20).map { "printf('%.*c', 10000000, 'x') AS c\($0)" }.joined(separator: ", "),
            message: "more than 100 MB of memory"),
        Denied(
            sql: "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r",
            message: "stopped after 1 s", extra: ["--timeout", "1"]),
        Denied(
            sql: "SELECT " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300),
            message: "SQL error"),
    ]

    @Test(arguments: denied) func refusedWithOneMessageAndBoundedMemory(_ c: Denied) throws {
        let ledger = try Self.ledger()
        let before = try ledger.fingerprint()
        let r = try MeasuredRun.annals(["query", c.sql] + c.extra, in: ledger.root)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains(c.message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout.prefix(200))")
        #expect(r.peakBytes < 200 << 20, "peak \(r.peakBytes >> 20) MB")
        #expect(try ledger.fingerprint() == before)
    }

    /// Text output holds at most 16 MB of cells: 1,000 values of 1 MB are cut with a note saying so.
    @Test func largeResultIsCutInTextOutput() throws {
        let ledger = try Self.ledger()
        let sql =
            "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r LIMIT 1000) "
            + "SELECT x, printf('%.*c', 1000000, 'w') AS v FROM r"
        let r = try MeasuredRun.annals(["query", sql], in: ledger.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("16 MB"), "\(r.stderr)")
        #expect(r.peakBytes < 200 << 20, "peak \(r.peakBytes >> 20) MB")
    }

    /// The heap cap is set after the catch-up: a projection rebuilt from scratch is not starved.
    @Test func catchUpRunsBeforeTheCap() throws {
        let ledger = try Self.ledger()
        try FileManager.default.removeItem(at: ledger.root.appendingPathComponent(".annals/annals.sqlite"))
        let r = try ledger.run(["query", "SELECT count(*) AS n FROM timeline", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasSuffix("n\n2\n"), "\(r.stdout)")
    }
}
