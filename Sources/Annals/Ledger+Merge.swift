import AnnalsAdapters
import AnnalsStore
import Foundation

extension Ledger {
    /// `annals merge REV`: this branch's log (HEAD) stays as it is; the events `revision` added
    /// since the common ancestor are re-appended after it. With `pick`, only the events
    /// `revision` itself added to its parent (a cherry-pick, or one step of a rebase). Writes
    /// `Events/` and stages it.
    public func merge(revision: String, pick: Bool = false) throws -> MergeReport {
        try combine(keep: "HEAD", keepSide: "this branch (HEAD)", add: revision, addSide: revision, pick: pick)
    }

    /// `annals rebase --onto REV`: `revision`'s log stays as it is (it is published); the events
    /// this branch (HEAD) added since the common ancestor are re-appended after it. Writes
    /// `Events/` and stages it.
    public func rebase(onto revision: String) throws -> MergeReport {
        try combine(keep: revision, keepSide: revision, add: "HEAD", addSide: "this branch (HEAD)", pick: false)
    }

    /// `annals merge --check REV`: whether `Events/` holds exactly what `annals merge REV` would
    /// write, or what `annals rebase --onto REV` would (the same records in the same order,
    /// whatever the segment files), and verifies. Returns nil when it does, else what is wrong.
    /// The git hooks run it before a merge commit, so a hand resolution cannot drop an event or
    /// break the chain unnoticed.
    public func checkMerge(revision: String, pick: Bool = false) throws -> String? {
        var differences: [String] = []
        let orientations = pick ? [true] : [true, false]
        for keepHead in orientations {
            let scratch = try ScratchDirectory("merge-check")
            defer { scratch.remove() }
            let (_, expected) =
                keepHead
                ? try computeMerge(
                    keep: "HEAD", keepSide: "this branch (HEAD)", add: revision, addSide: revision, pick: pick,
                    in: scratch)
                : try computeMerge(
                    keep: revision, keepSide: revision, add: "HEAD", addSide: "this branch (HEAD)", pick: false,
                    in: scratch)
            // `expected` verifies (its kept part was verified, the rest sealed here), so the same
            // lines in well-named segments verify too.
            guard let seq = try log.firstDifferentRecord(comparedWith: expected) else { return nil }
            differences.append("from seq \(seq) on")
        }
        return "Events/ is neither this branch's log with \(revision)'s new events re-appended"
            + (pick ? "" : " nor \(revision)'s log with this branch's new events re-appended")
            + " (it differs \(differences.joined(separator: " and ")))"
    }

    private func combine(keep: String, keepSide: String, add: String, addSide: String, pick: Bool) throws -> MergeReport
    {
        let scratch = try ScratchDirectory("merge")
        defer { scratch.remove() }
        var (report, kept) = try computeMerge(
            keep: keep, keepSide: keepSide, add: add, addSide: addSide, pick: pick, in: scratch)
        let repo = try GitRepository(holding: layout)
        report.changedSegments = try log.replaceSegments(with: kept) {
            // Under the ledger's lock, so no append slips in between. Events/ may hold what git
            // staged or left unmerged during a merge or rebase (git can recreate it), never
            // changes of the user's own: those would be lost.
            let inProgress = try repo.operationInProgress()
            for entry in try repo.eventsStatus() {
                let gitsOwn =
                    inProgress
                    && (entry.worktree == " " || entry.index == "U" || entry.worktree == "U"
                        || (entry.index == "A" && entry.worktree == "A")
                        || (entry.index == "D" && entry.worktree == "D"))
                if !gitsOwn { throw MergeError.uncommitted(events: repo.events, path: entry.path) }
            }
            // Whatever git staged, no event now in Events/ may be lost by the rewrite.
            if let lost = try log.eventIDsOfLines().subtracting(try kept.eventIDsOfLines()).min() {
                throw MergeError.wouldLose(id: lost)
            }
        }
        _ = try repo.run(["add", "-A", "--", repo.events])
        return report
    }

    /// The merged log, computed in `scratch` from the two revisions' logs and their common
    /// ancestor's (the parent of `add` for a pick).
    private func computeMerge(
        keep: String, keepSide: String, add: String, addSide: String, pick: Bool,
        in scratch: ScratchDirectory
    ) throws -> (MergeReport, EventLog) {
        let repo = try GitRepository(holding: layout)
        guard let keepCommit = repo.commit(keep) else {
            throw GitError(message: "'\(keep)' is not a commit in \(repo.top)")
        }
        guard let addCommit = repo.commit(add) else {
            throw GitError(message: "'\(add)' is not a commit in \(repo.top)")
        }
        let baseCommit = pick ? repo.parent(addCommit) : repo.mergeBase(keepCommit, addCommit)
        let kept = try repo.materialize(revision: keepCommit, into: scratch.path + "/keep")
        kept.segmentLimit = log.segmentLimit
        try log.copyNameIndex(to: kept)  // used only if it covers the kept chain
        let added = try repo.materialize(revision: addCommit, into: scratch.path + "/add")
        let base = try baseCommit.map { try repo.materialize(revision: $0, into: scratch.path + "/base") }
        let report = try LogMerge.combine(
            keep: kept, keepSide: keepSide, add: added, addSide: addSide, base: base, pick: pick)
        return (report, kept)
    }
}
