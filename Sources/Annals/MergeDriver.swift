import AnnalsAdapters
import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation

/// `annals merge-driver %O %A %B %P`: git's merge driver for `Events/*.jsonl`.
///
/// git merges file by file, but a ledger merges as a whole: the driver rebuilds the three logs
/// (HEAD's, the incoming commit's and their common ancestor's) from git, merges them like
/// ``Ledger/merge(revision:)``, and writes this file's part of the result. When the result
/// needs a file git will not hand to the driver (one side started a new segment), it refuses,
/// so git stops with a conflict instead of committing a broken chain.
public enum MergeDriver {
    public struct Outcome: Sendable {
        public var segment: String
        public var report: MergeReport
        /// The commit merged in, when git said which.
        public var incoming: String?
    }

    public static func run(
        ancestor: String, current: String, other: String, path: String?, environment: [String: String]
    ) throws -> Outcome {
        let top = URL(
            fileURLWithPath: try GitRepository.run(["rev-parse", "--show-toplevel"], in: FileSystem.currentDirectory())
                .trimmingCharacters(in: .whitespacesAndNewlines)
        ).resolvingSymlinksInPath().path
        for file in [ancestor, current, other] where !FileSystem.isReadable(file) {
            throw StoreError.io(path: file, operation: "read", errno: ENOENT)
        }
        let relative = path ?? segmentPath(guessedFrom: [current, other])
        let parts = relative.split(separator: "/").map(String.init)
        guard let name = parts.last, parts.count >= 2, parts[parts.count - 2] == "Events", Segment.isName(name) else {
            throw MergeError.notASegment(path: relative)
        }
        let repo = GitRepository(top: top, events: parts.dropLast().joined(separator: "/"))
        let incoming = try repo.incoming(environment: environment)
        let trees = try Trees(repo: repo, segment: name, files: (ancestor, current, other), incoming: incoming)

        let scratch = try ScratchDirectory("merge-driver")
        defer { scratch.remove() }
        let kept = try repo.ledger(blobs: trees.ours, files: [name: current], at: scratch.path + "/ours")
        kept.segmentLimit = .max  // everything this merge appends stays in files git asks about
        // The work tree's name index usually covers HEAD's log: it spares a rebuild.
        let worktree = EventLog(
            layout: LedgerLayout(root: parts.count > 2 ? top + "/" + parts.dropLast(2).joined(separator: "/") : top))
        try? worktree.copyNameIndex(to: kept)
        let added = try repo.ledger(blobs: trees.theirs, files: [name: other], at: scratch.path + "/theirs")
        let ancestorLog = try repo.ledger(
            blobs: trees.base, files: trees.base[name] == nil ? [:] : [name: ancestor], at: scratch.path + "/base")
        let theirSide = incoming.map { "the incoming commit \($0.commit.prefix(12))" } ?? "the other side"
        let report = try LogMerge.combine(
            keep: kept, keepSide: "this branch (HEAD)", add: added, addSide: theirSide, base: ancestorLog,
            pick: incoming?.pick ?? true)
        let keptNames = try kept.segmentNames()
        let keptIDs = try repo.blobID(of: keptNames.map { kept.layout.events + "/" + $0 })
        let merged = Dictionary(uniqueKeysWithValues: zip(keptNames, keptIDs))
        try trees.checkOtherSegments(merged: merged, theirSide: theirSide, finish: finishAdvice(incoming))
        guard merged[name] != nil else {
            throw MergeError.spansSegments(segment: relative, side: "the merge", finish: finishAdvice(incoming))
        }
        try FileSystem.replace(current, withCopyOf: kept.layout.events + "/" + name)
        return Outcome(segment: relative, report: report, incoming: incoming?.commit)
    }

    /// Which segment git asks about, when it does not say (no %P): the first record's seq tells.
    private static func segmentPath(guessedFrom files: [String]) -> String {
        let first = files.lazy.compactMap { file -> Int64? in
            guard let head = try? FileSystem.readPrefix(of: file, count: Limits.recordBytes + 1) else { return nil }
            return try? RecordCodec.peek(head.prefix { $0 != 0x0A }[...]).seq
        }.first
        return "Events/" + Segment.name(first ?? 1)
    }

    /// What to run to finish by hand, when the driver cannot.
    private static func finishAdvice(_ incoming: (commit: String, pick: Bool)?) -> String {
        switch incoming {
        case .some(let i) where !i.pick: "'annals merge \(i.commit.prefix(12))', then 'git commit'"
        case .some(let i): "'annals merge --pick \(i.commit.prefix(12))', then 'git rebase --continue'"
        case nil:
            "'annals merge --pick CHERRY_PICK_HEAD' (or REBASE_HEAD), then 'git commit' (or 'git rebase --continue')"
        }
    }

    /// The three whole logs (segment name → blob id), with the segment git asks about as it hands
    /// the three versions over.
    private struct Trees {
        var ours: [String: String]
        var theirs: [String: String]
        var base: [String: String]
        let segment: String
        /// `Events/` relative to the repository's top, for messages.
        let events: String

        init(
            repo: GitRepository, segment: String, files: (ancestor: String, current: String, other: String),
            incoming: (commit: String, pick: Bool)?
        ) throws {
            self.segment = segment
            events = repo.events
            let given = try repo.blobID(of: [files.ancestor, files.current, files.other])
            ours = try repo.tree(at: "HEAD")
            ours[segment] = given[1]
            if let incoming {
                theirs = try repo.tree(at: incoming.commit)
                theirs[segment] = given[2]
                let ancestor = incoming.pick ? repo.parent(incoming.commit) : repo.mergeBase("HEAD", incoming.commit)
                base = try ancestor.map { try repo.tree(at: $0) } ?? [:]
            } else {
                // git did not say what it merges (a cherry-pick): the picked commit's changes are
                // what %B adds to %O; both sides are taken to share the segments before this one.
                let earlier = ours.filter { $0.key < segment }
                theirs = earlier.merging([segment: given[2]]) { $1 }
                let empty = (try? FileSystem.size(of: files.ancestor)) == 0
                base = empty ? earlier : earlier.merging([segment: given[0]]) { $1 }
            }
        }

        /// Every other segment ends up as git decides it: where one side alone changed a file git
        /// takes that side's version, and that must be what the merged log holds.
        func checkOtherSegments(merged: [String: String], theirSide: String, finish: String) throws {
            let names = Set(ours.keys).union(theirs.keys).union(base.keys).union(merged.keys)
            for other in names.sorted() where other != segment {
                let (x, y, z) = (ours[other], theirs[other], base[other])
                let taken: String?
                let side: String
                if x == y {
                    taken = x
                    side = "both sides"
                } else if x == z {
                    taken = y
                    side = theirSide
                } else if y == z {
                    taken = x
                    side = "this branch"
                } else {
                    continue
                }
                if taken != merged[other] {
                    throw MergeError.spansSegments(segment: events + "/" + other, side: side, finish: finish)
                }
            }
        }
    }
}
