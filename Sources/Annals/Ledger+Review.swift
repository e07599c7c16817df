import AnnalsCore
import AnnalsProjection
import AnnalsStore
import Foundation

extension Ledger {
    /// Reads `Events/` at two git revisions of the repository holding this ledger, checks that
    /// `base` is an exact prefix of `head`, verifies the new records, and diffs the two states.
    public func review(base: String, head: String) throws -> ReviewReport {
        let repo = try GitRepository(holding: layout)
        let scratch = try ScratchDirectory("review")
        defer { scratch.remove() }
        let work = scratch.path
        let baseLog = try repo.materialize(revision: base, into: work + "/base")
        let headLog = try repo.materialize(revision: head, into: work + "/head")
        var report = ReviewReport(
            base: base, head: head, baseRecords: 0, headRecords: 0, violation: nil, newRecords: [], diff: nil)

        let baseCheck = try baseLog.verify()
        if let d = baseCheck.defect {
            report.violation = "the base revision's log is itself damaged: \(d)"
            return report
        }
        let headCheck = try headLog.verify()
        report.baseRecords = baseCheck.records
        report.headRecords = headCheck.records
        if let d = headCheck.defect {
            report.violation = "the head revision's log fails verification: \(d)"
            return report
        }
        if let difference = try LogMerge.firstDifference(
            base: baseLog, baseHead: baseCheck.head, baseRecords: baseCheck.records, other: headLog, trustChain: true)
        {
            report.violation =
                difference.removed
                ? "HEAD has \(difference.seq - 1) records but BASE has \(baseCheck.records): records from seq "
                    + "\(difference.seq) on were deleted"
                : "the record at seq \(difference.seq) differs between BASE and HEAD: published history was edited, "
                    + "reordered or deleted"
            return report
        }
        // Each snapshot the change adds or modifies must be exactly what HEAD's log implies: a
        // snapshot edited and given a matching digest would otherwise change what restore loads.
        let headLedger = Ledger(layout: headLog.layout, options: options)
        for (status, name) in try repo.changes(in: "Snapshots", base: base, head: head)
        where status != "D" && name.hasSuffix(".jsonl.gz") {
            try FileSystem.createDirectories(headLog.layout.snapshots)
            try repo.materialize("Snapshots", name, revision: head, to: headLog.layout.snapshots + "/" + name)
            let stem = String(name.dropLast(".jsonl.gz".count))
            do {
                _ = try headLedger.verifySnapshot(stem)
                report.checkedSnapshots.append(stem)
            } catch {
                report.violation = "the snapshot Snapshots/\(name) that HEAD adds or changes does not hold: \(error)"
                return report
            }
        }
        // Published checkpoints stay as they are; one HEAD adds must name HEAD's log.
        for (status, name) in try repo.changes(in: "Checkpoints", base: base, head: head) {
            guard status == "A" else {
                report.violation =
                    "HEAD \(status == "D" ? "deletes" : "changes") the published checkpoint Checkpoints/\(name)"
                return report
            }
            let copy = work + "/" + name
            try repo.materialize("Checkpoints", name, revision: head, to: copy)
            let checkpoint: Checkpoint
            do { checkpoint = try Self.readCheckpoint(copy).checkpoint } catch {
                report.violation = "the checkpoint Checkpoints/\(name) that HEAD adds does not parse: \(error)"
                return report
            }
            guard checkpoint.size <= headCheck.records,
                try headLog.treeHead(size: checkpoint.size).root == checkpoint.root
            else {
                report.violation =
                    "the checkpoint Checkpoints/\(name) that HEAD adds is not of HEAD's log (\(checkpoint.size) records)"
                return report
            }
            report.checkedCheckpoints.append(name)
        }
        if baseCheck.records > 0 {
            let proof = try headLog.consistencyProof(old: baseCheck.records, new: headCheck.records)
            guard proof.oldRoot == (try baseLog.treeHead().root) else {
                report.violation = "HEAD's Merkle tree at \(baseCheck.records) records is not BASE's"
                return report
            }
            report.consistency = proof
        }
        try headLog.forEachRecord(from: baseCheck.records + 1) {
            report.newRecords.append($0)
            return true
        }
        report.context = try ReviewContext(of: report.newRecords, in: headLog)
        let baseState = try ProjectionStore.replay(baseLog, moment: .init())
        let headState = try ProjectionStore.replay(headLog, moment: .init())
        let a = work + "/base.jsonl.gz"
        let b = work + "/head.jsonl.gz"
        _ = try Snapshots.write(baseState, moment: .init(), to: a)
        _ = try Snapshots.write(headState, moment: .init(), to: b)
        report.diff = try diff(.snapshot(name: base, path: a), .snapshot(name: head, path: b))
        return report
    }
}
