import AnnalsCore
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
            let field = problem.field.isEmpty ? "" : "'\(problem.field)'\(problem.value.map { " = \($0)" } ?? ""): "
            return
                "\(side)'s event at seq \(seq) (\(id)) cannot follow the kept log: \(field)\(problem.problem). "
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
