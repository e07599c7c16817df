import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills `annals` with SIGKILL at random moments and checks that nothing acknowledged is lost
/// and nothing half-done remains: every append that reported success is in the log, a killed
/// batch is there wholly or not at all (its unfinished bytes rolled back by the next command),
/// `verify` passes without a repair, the projection catches up, and no partial snapshot appears.
/// CI runs a few trials per mode; `Tools/crash-test.sh` runs 200 (ANNALS_CRASH_TRIALS).
@Suite("Crash safety under SIGKILL", .serialized)
struct CrashTests {
    static let trials = Int(ProcessInfo.processInfo.environment["ANNALS_CRASH_TRIALS"] ?? "") ?? 12

    /// Starts `annals args` in `dir` with stdin from `input`, kills it after `delay` seconds
    /// unless it finished; returns its exit status and stdout when it finished on its own.
    func runAndMaybeKill(
        _ args: [String], in dir: URL, input: URL?, delay: Double, environment: [String: String] = [:]
    ) throws -> (finished: Bool, status: Int32, stdout: String) {
        let p = Process()
        p.executableURL = Annals.binary
        p.arguments = args
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["ANNALS_RECORDER"] = "crash test"
        env.merge(environment) { _, new in new }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        if let input { p.standardInput = try FileHandle(forReadingFrom: input) }
        try p.run()
        // Drain stdout meanwhile: a child blocked on a full pipe would never finish.
        nonisolated(unsafe) var data = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            data = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if delay.isFinite {
            usleep(useconds_t(delay * 1_000_000))
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        }
        group.wait()
        p.waitUntilExit()
        let finished = p.terminationReason == .exit
        return (finished, p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `verify` as JSON: the record count, and whether it first rolled back an unfinished batch.
    func verifiedRecords(_ ledger: TestLedger) throws -> (records: Int, rolledBack: Bool) {
        let v = try ledger.run(["verify", "--format", "json"])
        try #require(v.status == 0, "verify fails after a kill: \(v.stdout) \(v.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as! [String: Any]
        return (o["records"] as! Int, v.stderr.contains("rolled back an append that did not finish"))
    }

    func loggedIDs(_ ledger: TestLedger) throws -> Set<String> {
        let log = try ledger.run(["log", "--format", "jsonl"])
        return Set(
            log.stdout.split(separator: "\n").map { line in
                (try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["id"] as! String
            })
    }

    /// Kills appends of `batch` events at random moments, most of them while the batch is being
    /// written (sealed records are written out every 64 KiB here). After each kill the batch is
    /// in the log wholly or not at all, `verify` passes with no repair, and retrying the batch
    /// leaves each of its events in the log exactly once.
    @Test("appends killed at random moments are all or nothing", arguments: [1, 1000, 10_000])
    func killedAppends(batch: Int) throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        let env = ["ANNALS_FLUSH_BYTES": "65536"]
        var rng = SystemRandomNumberGenerator()
        var acknowledged: Set<String> = []
        var kills = 0
        var rolledBack = 0
        var wholeAfterKill = 0
        // How long one append of this size takes here: kill times spread over 0…1.5× that.
        let calibration = try ledger.dir.write(
            "calibrate.jsonl", (0..<batch).map { Inputs.announcement(-1 - $0) }.joined(separator: "\n"))
        let p = Process()
        p.executableURL = Annals.binary
        p.arguments = ["append", "--file", calibration.path, "--recorder", "calibration", "--dry-run"]
        p.currentDirectoryURL = ledger.root
        p.standardOutput = FileHandle.nullDevice
        let started = Date()
        try p.run()
        p.waitUntilExit()
        let duration = max(0.02, Date().timeIntervalSince(started))
        // Batches of 10,000 take seconds each: CI runs a sixth as many of them.
        let trials = batch >= 10_000 ? max(2, Self.trials / 6) : Self.trials
        var records = try verifiedRecords(ledger).records
        for trial in 0..<trials {
            let lines = (0..<batch).map { Inputs.announcement(trial * 100_000 + $0) }.joined(separator: "\n")
            let input = try ledger.dir.write("batch-\(trial).jsonl", lines)
            // Every fourth append runs to the end; the others are killed somewhere in 0…1.5× its usual time.
            let delay = trial % 4 == 0 ? Double.infinity : Double.random(in: 0...(duration * 1.5), using: &rng)
            let r = try runAndMaybeKill(
                ["append", "--file", "-", "--format", "json"], in: ledger.root, input: input, delay: delay,
                environment: env)
            let before = records
            let after = try verifiedRecords(ledger)
            records = after.records
            if after.rolledBack { rolledBack += 1 }
            #expect(
                records == before || records == before + batch,
                "trial \(trial): \(records - before) of the batch's \(batch) events are in the log")
            if r.finished && r.status == 0 {
                let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
                for a in o["appended"] as! [[String: Any]] { acknowledged.insert(a["id"] as! String) }
                #expect(records == before + batch)
                continue
            }
            kills += 1
            if records == before + batch { wholeAfterKill += 1 }
            // Retrying the killed batch appends what is missing: each event ends up there once.
            let retry = try ledger.run(["append", "--file", input.path, "--format", "json"], environment: env)
            #expect(retry.status == 0, "retry of trial \(trial): \(retry.stderr)")
            records = try verifiedRecords(ledger).records
            #expect(records == before + batch, "trial \(trial): retry left \(records - before) of \(batch)")
            if trial % 4 == 3 || trial == trials - 1 {
                let ids = try loggedIDs(ledger)
                #expect(ids.count == records, "an event is in the log twice")
                #expect(acknowledged.isSubset(of: ids), "acknowledged events missing after trial \(trial)")
                // The projection catches up (or rebuilds) to exactly the log.
                let q = try ledger.run(["query", "SELECT count(*) AS n FROM events", "--format", "csv"])
                #expect(q.stdout == "n\n\(records)\n", "\(q.stdout) \(q.stderr)")
            }
        }
        print(
            "crash test, batches of \(batch): \(trials) trials, \(kills) kills (\(rolledBack) batches rolled back, "
                + "\(wholeAfterKill) wholly in before the kill), \(acknowledged.count) acknowledged events all present, "
                + "no partial batch"
        )
        #expect(acknowledged.count > 0, "no append ever finished: the kill times are too short")
    }

    @Test func killedSnapshotWritesAndRebuildsLeaveNothingHalfDone() throws {
        let ledger = try TestLedger()
        let lines = Inputs.base + (0..<3000).map { Inputs.announcement($0) }.joined(separator: "\n")
        try ledger.run(["append", "--file", "-"], stdin: lines)
        var rng = SystemRandomNumberGenerator()
        let snapshots = ledger.root.appendingPathComponent("Snapshots")
        var written = 0
        defer {
            print(
                "crash test, snapshots and rebuilds: \(Self.trials) trials, \(written) snapshots completed and "
                    + "verified, \(Self.trials - written) killed without a trace"
            )
        }
        for trial in 0..<Self.trials {
            _ = try runAndMaybeKill(
                ["snapshot", "create", "--name", "s\(trial)"], in: ledger.root, input: nil,
                delay: Double.random(in: 0...0.4, using: &rng))
            let names = try FileManager.default.contentsOfDirectory(atPath: snapshots.path)
            #expect(names.allSatisfy { !$0.hasPrefix(".") }, "temporary files left in Snapshots/: \(names)")
            // Either the snapshot is there, whole and exact, or it is not there at all.
            if names.contains("s\(trial).jsonl.gz") {
                let v = try ledger.run(["snapshot", "verify", "s\(trial)"])
                #expect(v.status == 0, "snapshot s\(trial) after a kill: \(v.stderr)")
                written += 1
            }
            // Kill a projection rebuild or catch-up, then read: old database or a rebuilt one, never a wrong one.
            if trial % 2 == 0 {
                try? FileManager.default.removeItem(at: ledger.root.appendingPathComponent(".annals/annals.sqlite"))
            }
            _ = try runAndMaybeKill(
                ["query", "SELECT 1"], in: ledger.root, input: nil, delay: Double.random(in: 0...0.3, using: &rng))
            let q = try ledger.run(["query", "SELECT count(*) AS n FROM events", "--format", "csv"])
            #expect(q.stdout == "n\n3002\n", "\(q.stdout) \(q.stderr)")
        }
    }
}
