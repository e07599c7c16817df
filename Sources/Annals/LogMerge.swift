import AnnalsStore

/// Why a merge or rebase of two ledger histories was refused. Nothing was changed.
public enum MergeError: AnnalsFailure {
    /// A side's log changed or removed a record of the common history.
    case historyEdited(side: String, seq: Int64, removed: Bool)
    /// A side's log fails verification.
    case damaged(side: String, defect: VerifyReport.Defect)
    /// A re-appended event does not fit the kept log (e.g. both sides registered one entity id).
    case conflict(side: String, seq: Int64, id: String, problem: ValidationError)
    /// git merges file by file, and this merge needs a file git does not hand to the driver.
    case spansSegments(segment: String, side: String, finish: String)
    /// `Events/` has changes git does not hold, which the command would overwrite.
    case uncommitted(events: String, path: String)
    /// Events/ holds an event the result lacks (an append not committed).
    case wouldLose(id: String)
    /// The merge driver was given something that is not a segment of a ledger.
    case notASegment(path: String)

    public var description: String {
        switch self {
        case .historyEdited(let side, let seq, let removed):
            return
                "\(side) \(removed ? "removed" : "changed") the record at seq \(seq), which both sides share: "
                + "published history is never rewritten. "
                + "Fix: restore seq \(seq) as it was at the common ancestor (e.g. 'git checkout <ancestor> -- "
                + "Events/'), then append a correction instead"
        case .damaged(let side, let d):
            return
                "\(side)'s log fails verification: \(d). Fix: repair that log first ('annals verify' names the problem)"
        case .conflict(let side, let seq, let id, let problem):
            return
                "\(side)'s event at seq \(seq) (\(id)) cannot follow the kept log: \(problem.field.isEmpty ? "" : "'\(problem.field)'\(problem.value.map { " = \($0)" } ?? ""): ")\(problem.problem). "
                + "Fix: make the two branches agree (e.g. drop or rename the event on one branch with a new commit), "
                + "then merge again"
        case .spansSegments(let segment, let side, let finish):
            return
                "\(side) has \(segment), a segment git takes as it is, so the merged log cannot be written file by "
                + "file. "
                + "Fix: finish with \(finish)"
        case .uncommitted(let events, let path):
            return
                "\(events)/ has changes that are not committed (\(path)), and this would overwrite them. Fix: commit "
                + "them (or 'git stash') first"
        case .wouldLose(let id):
            return
                "Events/ holds event \(id), which the merged log would not: refusing to lose it. Fix: commit it on "
                + "this branch first (or remove it if it was a mistake), then run this again"
        case .notASegment(let path):
            return
                "\(path) is not a segment of a ledger (Events/NNNNNNNN.jsonl). Fix: register the driver only for "
                + "Events/*.jsonl in .gitattributes"
        }
    }

    public var status: ExitStatus { .verificationFailed }
}

/// What a merge or rebase did: the shared history, the kept records and what was re-appended.
public struct MergeReport: Sendable {
    public struct Appended: Sendable, Equatable {
        /// The record's seq in the merged log.
        public var seq: Int64
        /// Its seq in the log it came from.
        public var from: Int64
        public var id: String
        public var title: String
    }
    /// Records of the common history.
    public var baseRecords: Int64 = 0
    /// Records of the kept log: unchanged, byte for byte.
    public var keptRecords: Int64 = 0
    public var appended: [Appended] = []
    /// Events the other side added that the kept log already has (same id): kept once.
    public var duplicates: [String] = []
    /// Segment files of `Events/` written or removed.
    public var changedSegments: [String] = []
}

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
            // The common history is compared with each side as bytes; only when that fails is it
            // compared record by record, to name the first seq that differs.
            let records = try base.lastSeq()
            let head = try records == 0 ? Digest.genesis : base.record(seq: records)?.hash ?? Digest.genesis
            report.baseRecords = records
            if !pick, try !base.isBytePrefix(of: keep),
                let difference = try firstDifference(
                    base: base, baseHead: head, baseRecords: records, other: keep, trustChain: false)
            {
                // The kept log may hold the common history re-chained (the other branch was merged
                // into it before): that is fine when it verifies and every event of the common
                // history is in it (ids are content addresses).
                var accepted = try keep.verify().ok
                if accepted {
                    let kept = try keep.eventIDsOfLines()
                    try base.forEachRecord { r in
                        accepted = kept.contains(r.id)
                        return accepted
                    }
                }
                if !accepted {
                    throw MergeError.historyEdited(side: keepSide, seq: difference.seq, removed: difference.removed)
                }
            }
            if try !base.isBytePrefix(of: add),
                let difference = try firstDifference(
                    base: base, baseHead: head, baseRecords: records, other: add, trustChain: false)
            {
                throw MergeError.historyEdited(side: addSide, seq: difference.seq, removed: difference.removed)
            }
        }
        let keepCheck = try keep.verify()
        if let d = keepCheck.defect { throw MergeError.damaged(side: keepSide, defect: d) }
        report.keptRecords = keepCheck.records

        var incoming: [Record] = []
        do {
            try add.forEachRecord(from: report.baseRecords + 1) {
                incoming.append($0)
                return true
            }
        } catch StoreError.corrupt(let segment, let line, let seq, let problem) {
            throw MergeError.damaged(
                side: addSide, defect: .init(segment: segment, line: line, seq: seq, problem: problem))
        } catch StoreError.tornTail(let segment, let line, let bytes) {
            throw MergeError.damaged(
                side: addSide,
                defect: .init(segment: segment, line: line, seq: 0, problem: "an incomplete last line (\(bytes) bytes)")
            )
        }
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
            throw MergeError.conflict(side: addSide, seq: r?.seq ?? 0, id: r?.id ?? "?", problem: error)
        }
        report.appended = outcome.appended.map { a in
            let r = bySeqLocation[a.location]!
            return .init(seq: a.seq, from: r.seq, id: a.id, title: r.event.title)
        }
        report.duplicates = outcome.duplicates.map(\.id)
        return report
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
