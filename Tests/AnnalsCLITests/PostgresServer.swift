import Foundation
import Testing

/// A real PostgreSQL server for the tests: `initdb` and `pg_ctl` in a temporary directory,
/// listening on a Unix socket only (no TCP), with password authentication. Started once per test
/// process, on first use, and stopped when the process exits. As root (CI), the server runs as
/// the unprivileged `postgres` (or `nobody`) user, since PostgreSQL refuses to run as root.
final class PostgresServer: @unchecked Sendable {
    static let user = "annals"
    static let password = "annals-test-password"

    let directory: URL
    let port: Int
    private let owner: String?
    private let lock = NSLock()
    private var databases = 0

    /// The server binaries (`initdb`, `pg_ctl`), or nil when PostgreSQL is not installed.
    static let binaries: URL? = {
        let fm = FileManager.default
        var candidates = ["/usr/local/bin"]
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        }
        return candidates.map { URL(fileURLWithPath: $0) }.first {
            fm.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path)
                && fm.isExecutableFile(atPath: $0.appendingPathComponent("pg_ctl").path)
        }
    }()

    /// Why PostgreSQL tests cannot run here, for `.enabled(if:)`.
    static let available = binaries != nil
    static let missing: Comment = "needs PostgreSQL's server binaries: run Tools/install-test-deps.sh"

    /// The port of the process's shared server (the Unix socket's name; no TCP).
    static let sharedPort = 40_000 + Int(getpid() % 10_000) * 2

    /// The process's server, started on first use and stopped when the process exits.
    static var shared: PostgresServer {
        get throws { try started.get() }
    }

    private static let started = Result { () throws -> PostgresServer in
        let server = try PostgresServer(port: sharedPort)
        stopAtExit(server)
        return server
    }

    /// Starts a server of its own (call ``stop()``); most tests use ``shared``.
    init(port: Int) throws {
        let bin = try #require(Self.binaries, Self.missing)
        signal(SIGPIPE, SIG_IGN)  // a child that fails before reading its input must not kill the tests
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent(
            "annals-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        self.port = port
        owner = geteuid() == 0 ? (Self.userExists("postgres") ? "postgres" : "nobody") : nil
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data((Self.password + "\n").utf8).write(to: directory.appendingPathComponent("pw"))
        if let owner {
            try check(run("/bin/chown", ["-R", owner, directory.path], asOwner: false), "chown")
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        let data = directory.appendingPathComponent("data").path
        try check(
            run(
                bin.appendingPathComponent("initdb").path,
                [
                    "-D", data, "-U", Self.user, "--pwfile=\(directory.path)/pw", "--auth=scram-sha-256", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync",
                ]), "initdb")
        try start()
    }

    /// Starts the server on its data directory (again, after ``shutDown()``).
    func start() throws {
        let bin = try #require(Self.binaries, Self.missing)
        let options =
            "-c listen_addresses='' -k \(directory.path) -p \(port) -c fsync=off -c synchronous_commit=off "
            + "-c full_page_writes=off -c max_connections=60"
        try check(
            run(
                bin.appendingPathComponent("pg_ctl").path,
                [
                    "-D", directory.appendingPathComponent("data").path, "-l", directory.path + "/server.log", "-w",
                    "-t", "60", "-o", options, "start",
                ],
                detached: true),
            "pg_ctl start")
    }

    /// Stops the server fast (its clients are disconnected) and keeps its data, for ``start()``.
    func shutDown() throws {
        let bin = try #require(Self.binaries)
        try check(
            run(
                bin.appendingPathComponent("pg_ctl").path,
                ["-D", directory.appendingPathComponent("data").path, "-w", "-m", "fast", "stop"], detached: true),
            "pg_ctl stop")
    }

    /// Stops the server at once and removes its directory.
    func stop() {
        guard let bin = Self.binaries else { return }
        _ = try? run(
            bin.appendingPathComponent("pg_ctl").path,
            ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// A connection URL for `database` on this server, with the given password.
    func url(database: String = "postgres", password: String = PostgresServer.password) -> String {
        "postgresql://\(Self.user):\(password)@/\(database)?host=\(directory.path)&port=\(port)"
    }

    /// A new, empty database for one test (tests run in parallel; each gets its own).
    func makeDatabase() throws -> String {
        let name = lock.withLock {
            databases += 1
            return "test_\(databases)"
        }
        try psql("CREATE DATABASE \(name)")
        return url(database: name)
    }

    /// Runs SQL with the `psql` client (as the tests' superuser), returning its unaligned output.
    @discardableResult
    func psql(_ sql: String, database: String = "postgres") throws -> String {
        let r = try run(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url(database: database), "-c", sql],
            asOwner: false)
        try #require(r.status == 0, "psql failed: \(r.stderr)")
        return r.stdout
    }

    /// Like ``psql(_:database:)``, but nil on failure without recording an issue (for polling).
    func poll(_ sql: String, database: String = "postgres") -> String? {
        let r = try? run(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url(database: database), "-c", sql],
            asOwner: false)
        guard let r, r.status == 0 else { return nil }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server fast and starts it again (a server restart, as a fault).
    func restart() throws {
        let bin = try #require(Self.binaries)
        let data = directory.appendingPathComponent("data").path
        try check(
            run(
                bin.appendingPathComponent("pg_ctl").path,
                ["-D", data, "-l", directory.path + "/server.log", "-w", "-m", "fast", "restart"], detached: true),
            "pg_ctl restart")
    }

    private static func userExists(_ name: String) -> Bool { getpwnam(name) != nil }

    private struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func run(_ executable: String, _ args: [String], asOwner: Bool = true, detached: Bool = false) throws
        -> Output
    {
        let (exe, argv) =
            asOwner && owner != nil
            ? ("/usr/sbin/runuser", ["-u", owner!, "--", executable] + args) : (executable, args)
        if detached {
            // The server pg_ctl leaves running would inherit this process's descriptors, among them
            // the one Foundation watches to see a child exit: Python's subprocess closes them all in
            // the child, so pg_ctl's exit is seen. No pipes either; the server's log is a file.
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            p.arguments = ["-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))", exe] + argv
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            return Output(status: p.terminationStatus, stdout: "", stderr: String(log.suffix(2000)))
        }
        let (status, out, err) = try runProcess(
            URL(fileURLWithPath: exe), argv, in: directory, environment: ProcessInfo.processInfo.environment)
        return Output(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: err)
    }

    private func check(_ output: Output, _ what: String) throws {
        try #require(output.status == 0, "\(what) failed (\(output.status)): \(output.stderr)\(output.stdout)")
    }

    nonisolated(unsafe) private static var stopCommand: [String] = []

    /// Stops the server and removes its directory when the test process exits.
    private static func stopAtExit(_ server: PostgresServer) {
        let pgctl = binaries!.appendingPathComponent("pg_ctl").path
        let data = server.directory.appendingPathComponent("data").path
        stopCommand = [server.owner ?? "", pgctl, data, server.directory.path]
        atexit {
            let (owner, pgctl, data, dir) = (
                PostgresServer.stopCommand[0], PostgresServer.stopCommand[1], PostgresServer.stopCommand[2],
                PostgresServer.stopCommand[3]
            )
            let p = Process()
            p.executableURL = URL(fileURLWithPath: owner.isEmpty ? pgctl : "/usr/sbin/runuser")
            p.arguments = (owner.isEmpty ? [] : ["-u", owner, "--", pgctl]) + ["-D", data, "-m", "immediate", "stop"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }
}
