import AnnalsCore
import AnnalsStore
import AnnalsSystem

/// Merging two logs: the kept log's records stay as they are; the other log's records after
/// the common history are re-appended (new seq, prev and hash; same id, recorder and, unless
/// the clock would run back, recorded time) in ``MergeOrder``, each validated like an append.
enum LogMerge {
    /// Appends to `keep` (a scratch ledger) the records of `add` that follow `base`. `base` must be
    /// a prefix of `add`; `keep` must hold every event of `base` (as a prefix, or re-chained by an
    /// earlier merge), unless `pick` (a cherry-pick: `base` is the picked commit's parent, which
    /// `keep` need not contain).
    static func combine(
        keep: EventLog, keepSide: String, add: EventLog, addSide: String, base: EventLog?, pick: Bool = false
    ) throws -> MergeReport {
        // The common history first, so an edited old record is named as such. Then the kept log
        // is verified whole; of the other log only what it adds after the common history is
        // read (decoded and checked record by record): the rest was compared as bytes.
        var report = MergeReport()
        if let base {
            report.baseRecords = try checkCommonHistory(
                base, keep: keep, keepSide: keepSide, add: add, addSide: addSide, pick: pick)
        }
        let keepCheck = try keep.verify()
        if let d = keepCheck.defect { throw MergeError.damaged(side: keepSide, defect: d) }
        report.keptRecords = keepCheck.records
        let incoming = try records(of: add, after: report.baseRecords, side: addSide)
        try reappend(incoming, to: keep, side: addSide, report: &report)
        return report
    }

    /// Checks that both sides hold the common history `base`, and returns its length. Each side is
    /// compared as bytes; only when that fails is it compared record by record, to name the first
    /// seq that differs.
    private static func checkCommonHistory(
        _ base: EventLog, keep: EventLog, keepSide: String, add: EventLog, addSide: String, pick: Bool
    ) throws -> Int64 {
        let records = try base.lastSeq()
        let head = try records == 0 ? Digest.genesis : base.record(seq: records)?.hash ?? Digest.genesis
        if !pick, try !base.isBytePrefix(of: keep),
            let difference = try firstDifference(
                base: base, baseHead: head, baseRecords: records, other: keep, trustChain: false)
        {
            // The kept log may hold the common history re-chained (the other branch was merged
            // into it before): that is fine when it verifies and every event of the common
            // history is in it (ids are content addresses).
            guard try holdsEveryEvent(of: base, rechained: keep) else {
                throw MergeError.historyEdited(side: keepSide, seq: difference.seq, removed: difference.removed)
            }
        }
        if try !base.isBytePrefix(of: add),
            let difference = try firstDifference(
                base: base, baseHead: head, baseRecords: records, other: add, trustChain: false)
        {
            throw MergeError.historyEdited(side: addSide, seq: difference.seq, removed: difference.removed)
        }
        return records
    }

    /// Whether `log` verifies and holds every event of `base` (by id).
    private static func holdsEveryEvent(of base: EventLog, rechained log: EventLog) throws -> Bool {
        guard try log.verify().ok else { return false }
        let kept = try log.eventIDsOfLines()
        var accepted = true
        try base.forEachRecord { r in
            accepted = kept.contains(r.id)
            return accepted
        }
        return accepted
    }

    /// The records of `log` after seq `after`, decoded and checked; damage is named for `side`.
    private static func records(of log: EventLog, after: Int64, side: String) throws -> [Record] {
        var incoming: [Record] = []
        do {
            try log.forEachRecord(from: after + 1) {
                incoming.append($0)
                return true
            }
        } catch StoreError.corrupt(let segment, let line, let seq, let problem) {
            throw MergeError.damaged(
                side: side, defect: .init(segment: segment, line: line, seq: seq, problem: problem))
        } catch StoreError.tornTail(let segment, let line, let bytes) {
            let problem = "an incomplete last line (\(bytes) bytes)"
            throw MergeError.damaged(side: side, defect: .init(segment: segment, line: line, seq: 0, problem: problem))
        }
        return incoming
    }

    /// Re-appends `incoming` to `keep` in ``MergeOrder``, each validated like an append, keeping
    /// its recorder and recorded time; a record the kept log refuses is a conflict.
    private static func reappend(
        _ incoming: [Record], to keep: EventLog, side: String, report: inout MergeReport
    ) throws {
        let ordered = MergeOrder.arrange(incoming)
        let bySeqLocation = Dictionary(uniqueKeysWithValues: ordered.map { ("seq \($0.seq)", $0) })
        let outcome: EventLog.AppendOutcome
        do {
            outcome = try keep.append(
                { body in
                    for r in ordered {
                        try body(
                            .init(
                                location: "seq \(r.seq)", value: r.event.json,
                                stamp: .init(recorder: r.recorder, recorded: r.recorded)))
                    }
                }, recorder: "annals merge", now: Timestamp(secondsSinceEpoch: 0))
        } catch let error as ValidationError {
            let r = bySeqLocation[error.location]
            throw MergeError.conflict(side: side, seq: r?.seq ?? 0, id: r?.id ?? "?", problem: error)
        }
        report.appended = outcome.appended.compactMap { a in
            bySeqLocation[a.location].map { r in .init(seq: a.seq, from: r.seq, id: a.id, title: r.event.title) }
        }
        report.duplicates = outcome.duplicates.map(\.id)
    }

    /// The first seq at which `other` does not hold `base`'s record, or nil when `base` is a prefix
    /// of `other`. For a verified `other` the hash chain makes the usual case O(1): the record at
    /// `base`'s last seq must be the very record `base` ends with.
    /// `trustChain`: `other` was verified, so equal hashes at the last seq imply equal prefixes.
    static func firstDifference(base: EventLog, baseHead: String, baseRecords: Int64, other: EventLog, trustChain: Bool)
        throws -> (seq: Int64, removed: Bool)?
    {
        guard baseRecords > 0 else { return nil }
        if trustChain, (try? other.record(seq: baseRecords))??.hash == baseHead { return nil }
        var hashes: [String] = []
        try base.forEachRecord {
            hashes.append($0.hash)
            return true
        }
        var n: Int64 = 0
        var first: Int64?
        do {
            try other.forEachRecord { r in
                n += 1
                if r.hash != hashes[Int(n - 1)] {
                    first = n
                    return false
                }
                return n < baseRecords
            }
        } catch StoreError.corrupt(_, _, let seq, _) where seq >= 1 && seq <= baseRecords {
            return (seq, false)  // a record of the common history no longer decodes: it was edited
        }
        if let first { return (first, false) }
        return (n + 1, true)
    }
}
