import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation

extension GitRepository {
    /// Whether a merge, rebase, cherry-pick or revert is under way.
    public func operationInProgress() throws -> Bool {
        for name in ["MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD", "rebase-merge", "rebase-apply"] {
            if FileSystem.exists(try gitPath(name)) { return true }
        }
        return false
    }

    /// What git is merging into HEAD, when it says: `git merge` names the commit in a
    /// `GITHEAD_<sha>` variable (merge from the common ancestor); `git rebase` lists the commit
    /// it is picking last in `done` (a pick: that commit's own change, from its parent).
    public func incoming(environment: [String: String]) throws -> (commit: String, pick: Bool)? {
        let named = environment.keys.filter { $0.hasPrefix("GITHEAD_") }.map { String($0.dropFirst(8)) }
        if named.count == 1, let sha = commit(named[0]) { return (sha, false) }
        let done = try gitPath("rebase-merge/done")
        if let size = try? FileSystem.size(of: done), let bytes = try? FileSystem.readPrefix(of: done, count: size),
            case let text = String(decoding: bytes, as: UTF8.self),
            let last = text.split(separator: "\n").last(where: { !$0.hasPrefix("#") })
        {
            let fields = last.split(separator: " ", omittingEmptySubsequences: true)
            let picks: Set<Substring> = ["pick", "p", "reword", "r", "edit", "e", "fixup", "f", "squash", "s"]
            if fields.count >= 2, picks.contains(fields[0]), let sha = commit(String(fields[1])) { return (sha, true) }
        }
        return nil
    }
}
