import AnnalsProjection
import AnnalsStore
import Foundation

/// What `annals review BASE HEAD` found: whether HEAD only appended to BASE, the new records,
/// and the semantic diff of the state.
public struct ReviewReport: Sendable {
    public var base: String
    public var head: String
    public var baseRecords: Int64
    public var headRecords: Int64
    /// Set when HEAD is not BASE plus appended records: names the seq and what is wrong.
    public var violation: String?
    public var newRecords: [Record]
    public var diff: DiffReport?
}

/// git could not give what review needs.
public struct GitError: AnnalsFailure {
    public var message: String
    public var description: String { "git: \(message)" }
    public var status: ExitStatus { .badInput }
}

extension Ledger {
    /// Reads `Events/` at two git revisions of the repository holding this ledger, checks that
    /// `base` is an exact prefix of `head`, verifies the new records, and diffs the two states.
    public func review(base: String, head: String) throws -> ReviewReport {
        // Both paths with symlinks resolved, so the ledger's place in the repository is exact.
        let top = URL(fileURLWithPath: try git(["rev-parse", "--show-toplevel"], in: layout.root).trimmingCharacters(in: .whitespacesAndNewlines))
            .resolvingSymlinksInPath().path
        let events = URL(fileURLWithPath: layout.events).resolvingSymlinksInPath().path
        guard events.hasPrefix(top + "/") else {
            throw GitError(message: "the ledger's Events/ (\(events)) is not inside the git repository \(top)")
        }
        let relative = String(events.dropFirst(top.count + 1))
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("annals-review-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let baseLog = try materialize(revision: base, events: relative, top: top, into: work + "/base")
        let headLog = try materialize(revision: head, events: relative, top: top, into: work + "/head")
        var report = ReviewReport(base: base, head: head, baseRecords: 0, headRecords: 0, violation: nil, newRecords: [], diff: nil)

        let baseCheck = try baseLog.verify()
        if let d = baseCheck.defect { report.violation = "the base revision's log is itself damaged: \(d)"; return report }
        let headCheck = try headLog.verify()
        report.baseRecords = baseCheck.records
        report.headRecords = headCheck.records
        if let d = headCheck.defect { report.violation = "the head revision's log fails verification: \(d)"; return report }
        // The hash chain makes the prefix check O(1): HEAD's record at BASE's last seq must be
        // the very record BASE ends with. Only on failure do we look for the first difference.
        if baseCheck.records > 0 {
            let atBase = try headLog.record(seq: baseCheck.records)
            if atBase?.hash != baseCheck.head {
                var hashes: [String] = []
                try baseLog.forEachRecord { hashes.append($0.hash); return true }
                var first = Int64(hashes.count)
                var n: Int64 = 0
                try headLog.forEachRecord { r in
                    n += 1
                    if n <= Int64(hashes.count) && r.hash != hashes[Int(n - 1)] { first = n; return false }
                    return n < Int64(hashes.count)
                }
                report.violation = n < baseCheck.records && first == Int64(hashes.count)
                    ? "HEAD has \(n) records but BASE has \(baseCheck.records): records from seq \(n + 1) on were deleted"
                    : "the record at seq \(first) differs between BASE and HEAD: published history was edited, reordered or deleted"
                return report
            }
        }
        try headLog.forEachRecord(from: baseCheck.records + 1) { report.newRecords.append($0); return true }
        let baseState = try ProjectionStore.replay(baseLog, moment: .init())
        let headState = try ProjectionStore.replay(headLog, moment: .init())
        let a = work + "/base.jsonl.gz", b = work + "/head.jsonl.gz"
        _ = try Snapshots.write(baseState, moment: .init(), to: a)
        _ = try Snapshots.write(headState, moment: .init(), to: b)
        report.diff = try diff(.snapshot(name: base, path: a), .snapshot(name: head, path: b))
        return report
    }

    /// Writes `Events/` as it is at `revision` into `dir` and returns its log.
    private func materialize(revision: String, events: String, top: String, into dir: String) throws -> EventLog {
        _ = try git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: top)
        let layout = try LedgerLayout.create(at: dir)
        let listing = try git(["ls-tree", "--name-only", revision, events + "/"], in: top)
        let entry = try git(["ls-tree", "--name-only", revision, "--", events], in: top)
        if listing.isEmpty && !entry.isEmpty {
            throw GitError(message: "\(events) at \(revision) is not a folder of segments")
        }
        for path in listing.split(separator: "\n").map(String.init) where path.hasSuffix(".jsonl") {
            let name = String(path.split(separator: "/").last!)
            let data = try gitData(["show", "\(revision):\(path)"], in: top)
            try data.write(to: URL(fileURLWithPath: layout.events + "/" + name))
        }
        return EventLog(layout: layout)
    }

    private func git(_ args: [String], in dir: String) throws -> String {
        String(decoding: try gitData(args, in: dir), as: UTF8.self)
    }

    private func gitData(_ args: [String], in dir: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", dir] + args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw GitError(message: "cannot run git (\(error)); is it installed?") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw GitError(message: "'git \(args.joined(separator: " "))' failed" + (message.isEmpty ? " (is \(args.last ?? "") a revision?)" : ": \(message)"))
        }
        return data
    }
}
