import Foundation
import Testing

/// `annals sync --watch` against a PostgreSQL server of the test's own (it is restarted and
/// stopped, which would break the tests sharing the process's server): the watcher follows the
/// log as batches are appended, across a server restart and while the server is down, says
/// clearly that it cannot connect and that it retries, and converges to exactly the log once the
/// server is back, without ever being restarted itself.
@Suite(.enabled(if: PostgresServer.available, PostgresServer.missing))
struct PostgresWatchTests {
    typealias Sync = PostgresSyncTests

    @Test func watchFollowsTheLogAcrossARestartAndAnOutage() throws {
        let ledger = try TestLedger()
        let generator = SiteProofTests.repo.appendingPathComponent("Tools/generate-events.py").path
        let (status, generated, err) = try tool(["python3", generator, "350"], in: ledger.root)
        try #require(status == 0, "\(err)")
        let lines = String(decoding: generated, as: UTF8.self).split(separator: "\n")
        try #require(lines.count == 350)
        let append = { (part: ArraySlice<Substring>) in
            let r = try ledger.run(["append", "--file", "-"], stdin: part.joined(separator: "\n") + "\n")
            try #require(r.status == 0, "\(r.stderr)")
        }

        let server = try PostgresServer(port: PostgresServer.sharedPort + 1)
        defer { server.stop() }
        let db = Sync.Database(url: try server.makeDatabase(), server: server)
        let watcher = try BackgroundProcess(
            Annals.binary, ["sync", db.url, "--watch", "--interval", "0.2", "--format", "jsonl"], in: ledger.root,
            environment: ["ANNALS_RECORDER": "CLI Tests"],
            output: ledger.dir.url.appendingPathComponent("watch.out"),
            errors: ledger.dir.url.appendingPathComponent("watch.err"))
        defer { watcher.stop() }
        let lastSeq = "SELECT coalesce((SELECT value FROM annals.meta WHERE key = 'last_seq'), 'none')"
        let reaches = { (seq: Int) in
            try Sync.waitFor(
                seconds: 20,
                "waiting for the watcher to bring annals.meta to seq \(seq) (it is at "
                    + "\(server.poll(lastSeq, database: db.name) ?? "?"); the watcher said: \(watcher.errorText()))"
            ) {
                server.poll(lastSeq, database: db.name) == String(seq) || !watcher.isRunning
            }
            try #require(watcher.isRunning, "the watcher ended: \(watcher.errorText())")
        }
        try reaches(0)  // its first pass creates the schema for the empty log

        // The log grows: the watcher syncs it.
        try append(lines[..<250])
        try reaches(250)
        try Sync.requireSameCounts(ledger.root, db)
        try Sync.requireConverged(ledger.root, db)

        // A restart drops the watcher's connection between passes: the next pass connects again.
        try server.restart()
        try append(lines[250..<300])
        try reaches(300)
        #expect(!watcher.errorText().contains("error"), "no pass failed: \(watcher.errorText())")
        try Sync.requireConverged(ledger.root, db)

        // The server is down while the log grows: the watcher says so, retries, and catches up
        // once the server is back.
        try server.shutDown()
        try append(lines[300...])
        try Sync.waitFor(seconds: 20, "waiting for the watcher to say it cannot connect: \(watcher.errorText())") {
            watcher.errorText().contains("cannot connect to PostgreSQL") || !watcher.isRunning
        }
        #expect(watcher.isRunning, "the watcher survives a server that is down")
        try server.start()
        try reaches(350)
        try Sync.requireSameCounts(ledger.root, db)
        try Sync.requireConverged(ledger.root, db)

        let errors = watcher.errorText()
        #expect(errors.hasPrefix("annals: watching the log; syncing annals every 0.2 s when it grows\n"), "\(errors)")
        let failure = try #require(
            errors.split(separator: "\n").first { $0.contains("cannot connect") }.map(String.init), "\(errors)")
        #expect(failure.contains("Is the server running"), "\(failure)")
        #expect(failure.hasSuffix("(retrying every 0.2 s; said again if it changes)"), "\(failure)")
        // The server was down for several checks: the failure is said once, and so is its end.
        let said = errors.split(separator: "\n")
        #expect(said.filter { $0.contains("cannot connect") }.count == 1, "\(errors)")
        #expect(
            said.contains { $0.hasPrefix("annals: syncing again after ") && $0.contains(" failed pass") }, "\(errors)")
        #expect(!errors.contains(PostgresServer.password), "the password is never shown")

        // One JSON line per pass, never going back, the last at the end of the log.
        let passes = try watcher.outputText().split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
        }
        let seqs = passes.compactMap { $0["seq"] as? Int }
        #expect(seqs.count == passes.count && seqs == seqs.sorted(), "\(seqs)")
        #expect(seqs.first == 0 && seqs.contains(250) && seqs.contains(300) && seqs.last == 350, "\(seqs)")

        #expect(watcher.isRunning, "the watcher runs until it is stopped")
        let ended = try #require(watcher.stop())
        #expect(ended & 0x7F == SIGTERM || (ended >> 8) & 0xFF == 128 + SIGTERM, "wait status \(ended)")
    }
}
