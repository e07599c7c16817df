import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem

/// `review` in named steps: check out both revisions, verify both logs, check that the base is
/// a prefix of the head, check the snapshots and checkpoints the head adds, prove the trees
/// consistent, then list the new records and diff the two states. A step that finds the change
/// unacceptable stops the review with the report so far and its violation.
final class Review {
    /// Why the change cannot be accepted.
    private struct Violation: Error {
        var message: String
    }

    let repository: any LedgerRepository
    let base: String
    let head: String
    /// The settings of the ledger under review, for the head revision's ledger.
    let options: Ledger.Options
    private var report: ReviewReport

    init(repository: any LedgerRepository, base: String, head: String, options: Ledger.Options) {
        self.repository = repository
        self.base = base
        self.head = head
        self.options = options
        report = ReviewReport(
            base: base, head: head, baseRecords: 0, headRecords: 0, violation: nil, newRecords: [], diff: nil)
    }

    /// Reviews the change from `base` to `head`.
    func run() throws -> ReviewReport {
        let scratch = try ScratchDirectory("review")
        defer { scratch.remove() }
        do {
            try run(in: scratch.path)
        } catch let violation as Violation {
            report.violation = violation.message
        }
        return report
    }

    private func run(in work: String) throws {
        let baseLog = try checkout(base, into: work + "/base")
        let headLog = try checkout(head, into: work + "/head")
        let (baseCheck, headCheck) = try verify(baseLog, headLog)
        try checkPrefix(baseLog, baseCheck, of: headLog)
        try checkSnapshots(of: headLog)
        try checkCheckpoints(of: headLog, records: headCheck.records, in: work)
        try proveConsistency(baseLog, baseCheck.records, headLog, headCheck.records)
        try collectNewRecords(of: headLog, after: baseCheck.records)
        try diffStates(baseLog, headLog, in: work)
    }

    // MARK: Steps

    private func checkout(_ revision: String, into dir: String) throws -> EventLog {
        try repository.checkout(revision: revision, into: dir)
        return EventLog(layout: LedgerLayout(root: dir))
    }

    /// Both logs verified; the head's failure is a violation, and so is the base's.
    private func verify(_ baseLog: EventLog, _ headLog: EventLog) throws -> (VerifyReport, VerifyReport) {
        let baseCheck = try baseLog.verify()
        if let d = baseCheck.defect { throw Violation(message: "the base revision's log is itself damaged: \(d)") }
        let headCheck = try headLog.verify()
        report.baseRecords = baseCheck.records
        report.headRecords = headCheck.records
        if let d = headCheck.defect {
            throw Violation(message: "the head revision's log fails verification: \(d)")
        }
        return (baseCheck, headCheck)
    }

    /// The head's log starts with the base's records, unchanged.
    private func checkPrefix(_ baseLog: EventLog, _ baseCheck: VerifyReport, of headLog: EventLog) throws {
        guard
            let difference = try LogMerge.firstDifference(
                base: baseLog, baseHead: baseCheck.head, baseRecords: baseCheck.records, other: headLog,
                trustChain: true)
        else { return }
        throw Violation(
            message: difference.removed
                ? "HEAD has \(difference.seq - 1) records but BASE has \(baseCheck.records): records from seq "
                    + "\(difference.seq) on were deleted"
                : "the record at seq \(difference.seq) differs between BASE and HEAD: published history was edited, "
                    + "reordered or deleted")
    }

    /// Each snapshot the change adds or modifies must be exactly what HEAD's log implies: a
    /// snapshot edited and given a matching digest would otherwise change what restore loads.
    private func checkSnapshots(of headLog: EventLog) throws {
        let headLedger = Ledger(layout: headLog.layout, options: options)
        for (status, name) in try repository.changes(in: "Snapshots", base: base, head: head)
        where status != "D" && name.hasSuffix(".jsonl.gz") {
            try FileSystem.createDirectories(headLog.layout.snapshots)
            try repository.materialize("Snapshots", name, revision: head, to: headLog.layout.snapshots + "/" + name)
            let stem = String(name.dropLast(".jsonl.gz".count))
            do {
                _ = try headLedger.verifySnapshot(stem)
                report.checkedSnapshots.append(stem)
            } catch {
                throw Violation(
                    message: "the snapshot Snapshots/\(name) that HEAD adds or changes does not hold: \(error)")
            }
        }
    }

    /// Published checkpoints stay as they are; one HEAD adds must name HEAD's log.
    private func checkCheckpoints(of headLog: EventLog, records: Int64, in work: String) throws {
        for (status, name) in try repository.changes(in: "Checkpoints", base: base, head: head) {
            guard status == "A" else {
                throw Violation(
                    message:
                        "HEAD \(status == "D" ? "deletes" : "changes") the published checkpoint Checkpoints/\(name)"
                )
            }
            let copy = work + "/" + name
            try repository.materialize("Checkpoints", name, revision: head, to: copy)
            let checkpoint: Checkpoint
            do { checkpoint = try Ledger.readCheckpoint(copy).checkpoint } catch {
                throw Violation(message: "the checkpoint Checkpoints/\(name) that HEAD adds does not parse: \(error)")
            }
            guard checkpoint.size <= records, try headLog.treeHead(size: checkpoint.size).root == checkpoint.root
            else {
                throw Violation(
                    message:
                        "the checkpoint Checkpoints/\(name) that HEAD adds is not of HEAD's log (\(checkpoint.size) records)"
                )
            }
            report.checkedCheckpoints.append(name)
        }
    }

    /// HEAD's Merkle tree extends BASE's.
    private func proveConsistency(_ baseLog: EventLog, _ old: Int64, _ headLog: EventLog, _ new: Int64) throws {
        guard old > 0 else { return }
        let proof = try headLog.consistencyProof(old: old, new: new)
        guard proof.oldRoot == (try baseLog.treeHead().root) else {
            throw Violation(message: "HEAD's Merkle tree at \(old) records is not BASE's")
        }
        report.consistency = proof
    }

    /// The records HEAD adds, and what a reader needs to read their amendments and lifts.
    private func collectNewRecords(of headLog: EventLog, after seq: Int64) throws {
        try headLog.forEachRecord(from: seq + 1) {
            report.newRecords.append($0)
            return true
        }
        report.context = try ReviewContext(of: report.newRecords, in: headLog)
    }

    /// The difference between the two states, through snapshots of each.
    private func diffStates(_ baseLog: EventLog, _ headLog: EventLog, in work: String) throws {
        let baseState = try ProjectionStore.replay(baseLog, moment: .init())
        let headState = try ProjectionStore.replay(headLog, moment: .init())
        let a = work + "/base.jsonl.gz"
        let b = work + "/head.jsonl.gz"
        _ = try Snapshots.write(baseState, moment: .init(), to: a)
        _ = try Snapshots.write(headState, moment: .init(), to: b)
        report.diff = try Ledger(layout: headLog.layout, options: options).diff(
            .snapshot(name: base, path: a), .snapshot(name: head, path: b))
    }
}
