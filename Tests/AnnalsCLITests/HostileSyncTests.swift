import Annals
import AnnalsProjection
import Foundation
import Testing

/// PostgreSQL connections and sync against hostile input: a password never reaches stdout or
/// stderr (in a URL, percent-encoded, as a keyword, through $ANNALS_POSTGRES_URL or
/// --projection, in a URL libpq cannot parse, refused by a real server); `query` leaves nothing
/// behind (every read is rolled back) and holds a bounded result; a bad --schema is a usage
/// error; a schema holding tables Annals did not make is left alone with a fix that works; and
/// `sync --watch` started while the server is down waits for it.
@Suite("Hostile sync", .enabled(if: PostgresServer.available, PostgresServer.missing))
struct HostileSyncTests {
    typealias Sync = PostgresSyncTests

    struct Leak: CustomTestStringConvertible, Sendable {
        var args: [String]
        var environment: [String: String] = [:]
        var status: Int32
        var testDescription: String { (args + environment.values).joined(separator: " ") }
    }

    static let malformed = "postgresql://u:SECRET@[]/db"

    /// Runs without a server: each URL fails before or at connecting.
    static let leaks: [Leak] = [
        Leak(args: ["sync", malformed], status: 64),
        Leak(args: ["sync"], environment: ["ANNALS_POSTGRES_URL": malformed], status: 64),
        Leak(args: ["query", "--projection", malformed, "SELECT 1"], status: 64),
        Leak(args: ["timeline"], environment: ["ANNALS_POSTGRES_URL": malformed], status: 64),
        Leak(args: ["sync", "postgresql://u:SEC%52ET@[]/db"], status: 64),
        Leak(args: ["sync", "postgresql://u:SECRET@/db?host=/nonexistent-annals&port=1"], status: 74),
        Leak(args: ["sync", "postgresql:///db?host=/nonexistent-annals&password=SECRET"], status: 74),
        Leak(args: ["sync", "postgresql:///db?password=SECRET&host=[bad"], status: 74),
        Leak(args: ["sync", "postgresql://u:SECRET@host:notaport/db"], status: 74),
        Leak(args: ["sync", "postgresql://u:SECRET@/db?sslmode=bogus"], status: 74),
    ]

    @Test(arguments: leaks) func passwordNeverPrinted(_ c: Leak) throws {
        let ledger = try TestLedger()
        let r = try ledger.run(c.args, environment: c.environment)
        #expect(r.status == c.status, "\(r.stderr)")
        for secret in ["SECRET", "SEC%52ET"] {
            #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret), "\(r.stderr)")
        }
        #expect(r.stderr.contains("***") || r.status == 74, "\(r.stderr)")
    }

    struct Redaction: CustomTestStringConvertible, Sendable {
        var text: String
        var url: String?
        var testDescription: String { text }
    }

    /// The one helper, on every form a password takes (the text alone, or libpq's text with the URL).
    static let redactions: [Redaction] = [
        Redaction(text: "postgresql://u:SECRET@host/db"),
        Redaction(text: "postgres://u:SECRET@host:5432/db?sslmode=require"),
        Redaction(text: "postgresql://u:SE@CRET@host/db"),
        Redaction(text: "host=x password=SECRET dbname=y"),
        Redaction(text: "host=x password = 'SECRET with \\' quote' dbname=y"),
        Redaction(text: "postgresql:///db?host=/tmp&password=SECRET&port=5"),
        Redaction(text: #"invalid IPv6 host address in URI: "postgresql://u:SECRET@[]/db""#),
        Redaction(text: "could not parse 'SECRET'", url: "postgresql://u:SECRET@[]/db"),
        Redaction(text: "bad value SECRET", url: "postgresql:///db?password=SEC%52ET"),
        Redaction(text: "bad value SEC%52ET here", url: "postgresql://u:SEC%52ET@h/db"),
        Redaction(text: "at postgresql://u:SECRET word@h/db", url: "postgresql://u:SECRET word@h/db"),
    ]

    @Test(arguments: redactions) func redactHidesEveryForm(_ c: Redaction) {
        let hidden = PostgresConnection.redact(c.text, hiding: c.url)
        #expect(!hidden.contains("SECRET") && !hidden.contains("SEC%52ET") && hidden.contains("***"), "\(hidden)")
    }

    /// A real server refusing the password: the message says why, without the password.
    @Test func wrongPasswordAgainstARealServer() throws {
        try PostgresReadTests.server()
        let ledger = try TestLedger()
        let server = try PostgresServer.shared
        let url = server.url(password: "SECRET-wrong")
        for (args, environment) in [
            (["sync", url], [:]), (["query", "--projection", url, "SELECT 1"], [:]),
            (["sync"], ["ANNALS_POSTGRES_URL": url]),
        ] {
            let r = try ledger.run(args, environment: environment)
            #expect(r.status == 74, "\(r.stderr)")
            #expect(r.stderr.contains("password authentication failed"), "\(r.stderr)")
            #expect(!r.stderr.contains("SECRET") && !r.stdout.contains("SECRET"), "\(r.stderr)")
        }
    }

    /// A synced ledger and a login role that may only read its schema.
    static func readerSetUp() throws -> (ledger: TestLedger, db: Sync.Database, readerURL: String) {
        try PostgresReadTests.server()
        let ledger = try HostileQueryTests.ledger()
        let db = try Sync.database()
        let synced = try Sync.sync(ledger.root, db)
        try #require(synced.status == 0, "\(synced.stderr)")
        let role = "reader_\(db.name)"
        _ = try Sync.psql(
            db,
            "CREATE ROLE \(role) LOGIN PASSWORD 'reader-pw'; GRANT USAGE ON SCHEMA annals TO \(role); "
                + "GRANT SELECT ON ALL TABLES IN SCHEMA annals TO \(role)")
        let readerURL = db.url.replacingOccurrences(
            of: "\(PostgresServer.user):\(PostgresServer.password)@", with: "\(role):reader-pw@")
        return (ledger, db, readerURL)
    }

    /// PostgreSQL 15 lets a READ ONLY transaction write large objects: every read is rolled back.
    @Test func queryLeavesNoLargeObject() throws {
        let (ledger, db, readerURL) = try Self.readerSetUp()
        let count = "SELECT count(*) FROM pg_largeobject_metadata"
        let before = try Sync.psql(db, count)
        for url in [readerURL, db.url] {
            let r = try ledger.run(["query", "--projection", url, "SELECT lo_from_bytea(0, 'kept?'::bytea) AS oid"])
            #expect(r.status == 0 || r.status == 65, "\(r.stderr)")
            #expect(try Sync.psql(db, count) == before, "\(r.stdout)\(r.stderr)")
        }
        let reads = try ledger.run(["query", "--projection", readerURL, "SELECT count(*) AS n FROM entities"])
        #expect(reads.status == 0 && reads.stdout.contains("2"), "\(reads.stderr)")
    }

    /// A result of 1 GB is read row by row: text output stops at 16 MB, memory stays bounded.
    @Test func hugeResultIsBounded() throws {
        let (ledger, db, _) = try Self.readerSetUp()
        let r = try MeasuredRun.annals(
            ["query", "--projection", db.url, "SELECT repeat('x', 1000000) AS v FROM generate_series(1, 1000)"],
            in: ledger.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("16 MB"), "\(r.stderr)")
        #expect(r.peakBytes < 200 << 20, "peak \(r.peakBytes >> 20) MB")
    }

    @Test(arguments: [
        ["sync", "URL", "--schema", "Bad-Name"], ["query", "--projection", "URL", "--schema", "a;b", "SELECT 1"],
    ])
    func badSchemaIsAUsageError(_ args: [String]) throws {
        let ledger = try TestLedger()
        let r = try ledger.run(args.map { $0 == "URL" ? "postgresql://u:SECRET@/db?host=/nonexistent" : $0 })
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("is not a plain schema name") && !r.stderr.contains("SECRET"), "\(r.stderr)")
    }

    /// A schema holding a table Annals did not make is never dropped; the fixes offered work.
    @Test func foreignTablesAreLeftAloneAndTheFixWorks() throws {
        try PostgresReadTests.server()
        let ledger = try HostileQueryTests.ledger()
        let db = try Sync.database()
        _ = try Sync.psql(db, "CREATE SCHEMA annals; CREATE TABLE annals.meter_readings (meter int, litres int)")
        _ = try Sync.psql(db, "INSERT INTO annals.meter_readings VALUES (1, 420)")
        for extra in [[], ["--rebuild"]] {
            let r = try Sync.sync(ledger.root, db, extra)
            #expect(r.status == 73, "\(r.stderr)")
            #expect(r.stderr.contains("meter_readings") && r.stderr.contains("--schema"), "\(r.stderr)")
            #expect(!r.stderr.contains("pass 'annals sync --rebuild'"), "\(r.stderr)")
        }
        // The fixes offered: another schema, or moving the table out.
        let other = try Sync.sync(ledger.root, db, ["--schema", "water"])
        #expect(other.status == 0, "\(other.stderr)")
        _ = try Sync.psql(db, "CREATE SCHEMA kept; ALTER TABLE annals.meter_readings SET SCHEMA kept")
        let moved = try Sync.sync(ledger.root, db)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(try Sync.psql(db, "SELECT litres FROM kept.meter_readings") == "420")
    }

    /// `sync --watch` started while the server is down says so once, waits, and syncs once it is up.
    @Test func watchWaitsForAServerDownAtStart() throws {
        let ledger = try HostileQueryTests.ledger()
        let server = try PostgresServer(port: PostgresServer.sharedPort + 5)
        defer { server.stop() }
        let db = Sync.Database(url: try server.makeDatabase(), server: server)
        try server.shutDown()
        let watcher = try BackgroundProcess(
            Annals.binary, ["sync", "--watch", "--interval", "0.2"], in: ledger.root,
            environment: ["ANNALS_RECORDER": "CLI Tests", "ANNALS_POSTGRES_URL": db.url],
            output: ledger.dir.url.appendingPathComponent("watch.out"),
            errors: ledger.dir.url.appendingPathComponent("watch.err"))
        defer { _ = watcher.stop() }
        try Sync.waitFor(seconds: 20, "the watcher says it cannot connect: \(watcher.errorText())") {
            watcher.errorText().contains("cannot connect to PostgreSQL") || !watcher.isRunning
        }
        usleep(1_000_000)  // several more checks while the server is down
        #expect(watcher.isRunning, "the watcher waits: \(watcher.errorText())")
        try server.start()
        let lastSeq = "SELECT coalesce((SELECT value FROM annals.meta WHERE key = 'last_seq'), 'none')"
        try Sync.waitFor(seconds: 30, "the watcher syncs once the server is up: \(watcher.errorText())") {
            server.poll(lastSeq, database: db.name) == "4" || !watcher.isRunning
        }
        let errors = watcher.errorText()
        #expect(errors.split(separator: "\n").filter { $0.contains("cannot connect") }.count == 1, "\(errors)")
        #expect(errors.contains("syncing again after"), "\(errors)")
        #expect(!errors.contains(PostgresServer.password) && !watcher.outputText().contains(PostgresServer.password))
    }
}
