import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Kills `annals` with SIGKILL at random moments and checks that nothing acknowledged is lost:
/// every append that reported success is in the log, `verify` passes (after `repair` removes a
/// torn tail, if any), the projection catches up, and no partial snapshot appears.
/// CI runs a few trials per mode; `Tools/crash-test.sh` runs 200 (ANNALS_CRASH_TRIALS).
@Suite("Crash safety under SIGKILL", .serialized)
struct CrashTests {
    static let trials = Int(ProcessInfo.processInfo.environment["ANNALS_CRASH_TRIALS"] ?? "") ?? 12

    /// Starts `annals args` in `dir` with stdin from `input`, kills it after `delay` seconds
    /// unless it finished; returns its exit status and stdout when it finished on its own.
    func runAndMaybeKill(_ args: [String], in dir: URL, input: URL?, delay: Double) throws -> (
        finished: Bool, status: Int32, stdout: String
    ) {
        let p = Process()
        p.executableURL = Annals.binary
        p.arguments = args
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["ANNALS_RECORDER"] = "crash test"
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

    /// `verify`, repairing a torn tail first if that is what it reports. Returns the record count.
    func verifyOrRepair(_ ledger: TestLedger, repairs: inout Int) throws -> Int {
        var v = try ledger.run(["verify", "--format", "json"])
        if v.status != 0 {
            try #require(v.stdout.contains("incomplete last line"), "verify failed for another reason: \(v.stdout)")
            let r = try ledger.run(["repair"])
            try #require(r.status == 0, "repair failed: \(r.stderr)")
            repairs += 1
            v = try ledger.run(["verify", "--format", "json"])
        }
        try #require(v.status == 0, "verify fails after repair: \(v.stdout) \(v.stderr)")
        let o = try JSONSerialization.jsonObject(with: Data(v.stdout.utf8)) as! [String: Any]
        return o["records"] as! Int
    }

    func loggedIDs(_ ledger: TestLedger) throws -> Set<String> {
        let log = try ledger.run(["log", "--format", "jsonl"])
        return Set(
            log.stdout.split(separator: "\n").map { line in
                (try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["id"] as! String
            })
    }

    @Test("appends killed at random moments lose no acknowledged event", arguments: [1, 1000])
    func killedAppends(batch: Int) throws {
        let ledger = try TestLedger()
        try ledger.run(["append", "--file", "-"], stdin: Inputs.base)
        var rng = SystemRandomNumberGenerator()
        var acknowledged: Set<String> = []
        var kills = 0
        var repairs = 0
        // How long one append of this size takes here: kill times spread over 0…1.3× that.
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
        for trial in 0..<Self.trials {
            let lines = (0..<batch).map { Inputs.announcement(trial * 10_000 + $0) }.joined(separator: "\n")
            let input = try ledger.dir.write("batch-\(trial).jsonl", lines)
            // Every fourth append runs to the end; the others are killed somewhere in 0…1.5× its usual time.
            let delay = trial % 4 == 0 ? Double.infinity : Double.random(in: 0...(duration * 1.5), using: &rng)
            let r = try runAndMaybeKill(
                ["append", "--file", "-", "--format", "json"], in: ledger.root, input: input, delay: delay)
            if r.finished && r.status == 0 {
                let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
                for a in o["appended"] as! [[String: Any]] { acknowledged.insert(a["id"] as! String) }
            } else {
                kills += 1
            }
            let records = try verifyOrRepair(ledger, repairs: &repairs)
            if trial % 4 == 3 || trial == Self.trials - 1 {
                let ids = try loggedIDs(ledger)
                #expect(acknowledged.isSubset(of: ids), "acknowledged events missing after trial \(trial)")
                // The projection catches up (or rebuilds) to exactly the log.
                let q = try ledger.run(["query", "SELECT count(*) AS n FROM events", "--format", "csv"])
                #expect(q.stdout == "n\n\(records)\n", "\(q.stdout) \(q.stderr)")
            }
        }
        print(
            "crash test, batches of \(batch): \(Self.trials) trials, \(kills) kills, \(repairs) torn tails repaired, "
                + "\(acknowledged.count) acknowledged events all present"
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
