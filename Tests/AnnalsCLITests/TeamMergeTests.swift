import Foundation
import Testing

/// A ledger in a real git repository in a temporary directory, set up like a clone of this
/// project: the project's .gitattributes and Tools/setup-git.sh pointing at the built binary.
final class GitLedger {
    let dir: TemporaryDirectory
    var root: URL { dir.url }
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init(driver: Bool = true) throws {
        dir = try TemporaryDirectory()
        try git("init", "-q", "-b", "main")
        try #require(try Annals.run(["init", "."], in: root).status == 0)
        try FileManager.default.copyItem(
            at: Self.project.appendingPathComponent(".gitattributes"), to: root.appendingPathComponent(".gitattributes")
        )
        _ = try dir.write(".gitignore", ".annals/\n")
        if driver {
            let (status, _, err) = try runProcess(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["bash", Self.project.appendingPathComponent("Tools/setup-git.sh").path],
                in: root,
                environment: ProcessInfo.processInfo.environment.merging(["ANNALS_BIN": Annals.binary.path]) { $1 })
            try #require(status == 0, "setup-git.sh failed: \(err)")
        }
        try append([Inputs.entity("org:a", "Alpha Corp"), Inputs.entity("org:b", "Beta Corp")])
        try commit("base")
    }

    /// Runs git; returns its status and stderr (and stdout) for the caller to check.
    @discardableResult
    func git(_ args: String..., expect: Int32? = 0) throws -> (status: Int32, output: String) {
        let (status, out, err) = try tool(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + args, in: root)
        let output = String(decoding: out, as: UTF8.self) + err
        if let expect { try #require(status == expect, "git \(args.joined(separator: " ")): \(output)") }
        return (status, output)
    }

    @discardableResult
    func annals(_ args: [String], segmentBytes: Int? = nil) throws -> Annals.Result {
        try Annals.run(args, in: root, environment: segmentBytes.map { ["ANNALS_SEGMENT_BYTES": String($0)] } ?? [:])
    }

    func append(_ lines: [String], segmentBytes: Int? = nil) throws {
        let r = try Annals.run(
            ["append", "--file", "-"], in: root, stdin: Data(lines.joined(separator: "\n").utf8),
            environment: segmentBytes.map { ["ANNALS_SEGMENT_BYTES": String($0)] } ?? [:])
        try #require(r.status == 0, "append failed: \(r.stderr)")
    }

    func commit(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }

    /// The log's lines in order, across segments.
    func lines() throws -> [Data] {
        let events = root.appendingPathComponent("Events")
        return try FileManager.default.contentsOfDirectory(atPath: events.path).filter { $0.hasSuffix(".jsonl") }
            .sorted().flatMap { name in
                try Data(contentsOf: events.appendingPathComponent(name)).split(separator: 0x0A).map { Data($0) }
            }
    }

    func segments() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Events").path).sorted()
    }

    func ids() throws -> [String] {
        try lines().map { line in
            let object = try JSONSerialization.jsonObject(with: line) as! [String: Any]
            return object["id"] as! String
        }
    }

    func verify() throws {
        let r = try annals(["verify"])
        try #require(r.status == 0, "verify failed: \(r.stdout) \(r.stderr)")
    }

    /// A copy of the whole repository, to merge the same branches the other way round.
    func clone() throws -> GitLedger {
        let copy = try GitLedger.empty()
        try FileManager.default.removeItem(at: copy.root)
        try FileManager.default.copyItem(at: root, to: copy.root)
        return copy
    }

    private init(emptyIn dir: TemporaryDirectory) { self.dir = dir }
    private static func empty() throws -> GitLedger { GitLedger(emptyIn: try TemporaryDirectory()) }
}

enum TeamEvents {
    static func topic(_ n: Int) -> [String] {
        [
            Inputs.entity("org:t\(n)", "Topic \(n)"), Inputs.announcement(100 + n, actor: "org:t\(n)"),
            Inputs.announcement(200 + n, actor: "org:a"),
        ]
    }
    /// Appended on both branches: must end up once.
    static let shared = Inputs.announcement(999, actor: "org:b")
}

@Suite("Many writers: merge driver, annals merge, annals rebase")
struct TeamMergeTests {
    /// Two branches append different events and one both share; `ownRoll`/`otherRoll` make a
    /// branch start a new segment. Returns the repository on main, topic not yet merged.
    static func diverged(mainRolls: Bool = false, topicRolls: Bool = false, driver: Bool = true) throws -> GitLedger {
        let repo = try GitLedger(driver: driver)
        let small = 1_200  // under four records: a branch's second append starts a new segment
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append(TeamEvents.topic(1) + [TeamEvents.shared])
        try repo.append(TeamEvents.topic(2), segmentBytes: topicRolls ? small : nil)
        try repo.commit("topic events")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(1, actor: "org:b"), TeamEvents.shared])
        try repo.append(TeamEvents.topic(3), segmentBytes: mainRolls ? small : nil)
        try repo.commit("main events")
        return repo
    }

    struct Side {
        var lines: [Data]
        var ids: Set<String>
    }

    static func side(_ repo: GitLedger, _ branch: String) throws -> Side {
        try repo.git("checkout", "-q", branch)
        return Side(lines: try repo.lines(), ids: Set(try repo.ids()))
    }

    /// What every merge must give: the current branch's records byte-identical at the start,
    /// every event of both sides exactly once, a log that verifies and a review that passes.
    static func checkMerged(_ repo: GitLedger, ours: Side, theirs: Side, oursRef: String) throws {
        try repo.verify()
        let merged = try repo.lines()
        #expect(
            Array(merged.prefix(ours.lines.count)) == ours.lines,
            "the current branch's records must stay byte-identical")
        let ids = try repo.ids()
        #expect(ids.count == Set(ids).count, "an event appears twice")
        #expect(Set(ids) == ours.ids.union(theirs.ids), "an event was lost")
        let review = try repo.annals(["review", oursRef, "HEAD", "--format", "text"])
        #expect(review.status == 0, "review: \(review.stdout) \(review.stderr)")
    }

    @Test("the driver merges branches that append to the same segment, either way round", arguments: [false, true])
    func driverMergesSameSegment(bothRollAtFork: Bool) throws {
        // bothRollAtFork: the base segment is full, so both branches start the same new segment (add/add).
        let repo = try GitLedger()
        if bothRollAtFork {
            try repo.append((1...4).map { Inputs.announcement($0, actor: "org:a") })
            try repo.commit("fill the segment")
        }
        let limit = bothRollAtFork ? 1_000 : nil
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append(TeamEvents.topic(1) + [TeamEvents.shared], segmentBytes: limit)
        try repo.commit("topic")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(50, actor: "org:b"), TeamEvents.shared], segmentBytes: limit)
        try repo.commit("main")
        if bothRollAtFork { #expect(try repo.segments().count == 2) }

        let other = try repo.clone()
        let main = try Self.side(repo, "main")
        let topic = try Self.side(repo, "topic")
        try repo.git("checkout", "-q", "main")
        // Build the projection first: after the merge it must notice the new chain.
        #expect(try repo.annals(["timeline"]).status == 0)
        let merge = try repo.git("merge", "--no-edit", "topic")
        #expect(merge.output.contains("re-appended"), "\(merge.output)")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "HEAD^1")
        let timeline = try repo.annals(["timeline", "--format", "json"])
        #expect(timeline.status == 0)
        #expect(timeline.stdout.contains("Announcement 101") && timeline.stdout.contains("Announcement 50"))

        // The other way round: topic keeps its records, main's are re-appended; same events.
        try other.git("checkout", "-q", "topic")
        try other.git("merge", "--no-edit", "main")
        try Self.checkMerged(other, ours: topic, theirs: main, oursRef: "HEAD^1")
        #expect(Set(try other.ids()) == Set(try repo.ids()))
    }

    @Test(
        "a merge that spans a new segment stops with a conflict, and 'annals merge' finishes it",
        arguments: [(true, false), (false, true)])
    func spanningMerge(mainRolls: Bool, topicRolls: Bool) throws {
        let repo = try Self.diverged(mainRolls: mainRolls, topicRolls: topicRolls)
        let main = try Self.side(repo, "main")
        #expect(try repo.segments().count == (mainRolls ? 2 : 1))
        let topic = try Self.side(repo, "topic")
        #expect(try repo.segments().count == (topicRolls ? 2 : 1))
        try repo.git("checkout", "-q", "main")
        let other = try repo.clone()
        let merge = try repo.git("merge", "--no-edit", "topic", expect: nil)
        #expect(merge.status != 0, "git must not commit a merge the driver cannot write: \(merge.output)")
        #expect(merge.output.contains("annals merge"), "\(merge.output)")
        // Committing git's file-by-file state by hand is refused too (the pre-commit hook).
        try repo.git("add", "-A")
        let hand = try repo.git("commit", "-q", "--no-edit", expect: nil)
        #expect(hand.status != 0 && hand.output.contains("annals merge MERGE_HEAD"), "\(hand.output)")
        let finish = try repo.annals(["merge", "MERGE_HEAD"])
        #expect(finish.status == 0, "\(finish.stderr)")
        try repo.git("commit", "-q", "--no-edit")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "HEAD^1")

        // The other way round gives the same events.
        try other.git("checkout", "-q", "topic")
        _ = try other.git("merge", "--no-edit", "main", expect: nil)
        #expect(try other.annals(["merge", "MERGE_HEAD"]).status == 0)
        try other.git("commit", "-q", "--no-edit")
        try Self.checkMerged(other, ours: topic, theirs: main, oursRef: "HEAD^1")
        #expect(Set(try other.ids()) == Set(try repo.ids()))
    }

    @Test("a merge where only one side started a new segment (the driver is never called) is not committed")
    func oneSidedNewSegment() throws {
        let repo = try GitLedger()
        try repo.git("checkout", "-q", "-b", "topic")
        // A writer with a smaller segment limit: its first append starts a new segment.
        try repo.append(TeamEvents.topic(1), segmentBytes: 500)
        try repo.commit("topic")
        #expect(try repo.segments().count == 2)
        let topic = try Self.side(repo, "topic")
        let main = try Self.side(repo, "main")
        try repo.append([Inputs.announcement(1, actor: "org:b")])
        try repo.commit("main")
        let mainAfter = try Self.side(repo, "main")
        let merge = try repo.git("merge", "--no-edit", "topic", expect: nil)
        #expect(merge.status != 0, "the pre-merge-commit hook must stop it: \(merge.output)")
        #expect(merge.output.contains("annals merge MERGE_HEAD"), "\(merge.output)")
        #expect(try repo.annals(["merge", "MERGE_HEAD"]).status == 0)
        try repo.git("commit", "-q", "--no-edit")
        try Self.checkMerged(repo, ours: mainAfter, theirs: topic, oursRef: "HEAD^1")
        #expect(main.lines.count < mainAfter.lines.count)
    }

    @Test(
        "git rebase is refused when a later commit of the branch starts a new segment; the merge + rebase --onto flow does it"
    )
    func rebaseRefusedAcrossLaterSegment() throws {
        let repo = try GitLedger()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append(TeamEvents.topic(1))
        try repo.commit("first")
        try repo.append(TeamEvents.topic(2), segmentBytes: 1_200)
        try repo.commit("second, in a new segment")
        let topic = try Self.side(repo, "topic")
        #expect(try repo.segments().count == 2)
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(1, actor: "org:b")])
        try repo.commit("main")
        let main = try Self.side(repo, "main")
        try repo.git("checkout", "-q", "topic")
        let before = try repo.git("rev-parse", "HEAD").output
        let rebase = try repo.git("rebase", "main", expect: nil)
        #expect(rebase.status != 0, "\(rebase.output)")
        #expect(rebase.output.contains("annals rebase --onto main"), "\(rebase.output)")
        #expect(try repo.git("rev-parse", "HEAD").output == before)
        _ = try repo.git("merge", "--no-commit", "main", expect: nil)
        #expect(try repo.annals(["rebase", "--onto", "main"]).status == 0)
        try repo.git("commit", "-q", "--no-edit")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "main")
    }

    @Test("a rebase that drops a commit does not bring its events back")
    func rebaseDrop() throws {
        let repo = try GitLedger()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append([Inputs.announcement(601, actor: "org:a")])
        try repo.commit("to drop")
        try repo.append([Inputs.announcement(602, actor: "org:a")])
        try repo.commit("to keep")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(1, actor: "org:b")])
        try repo.commit("main")
        try repo.git("checkout", "-q", "topic")
        let (status, _, err) = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "rebase", "-i", "main"], in: repo.root,
            environment: ProcessInfo.processInfo.environment.merging(["GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/drop/"]) {
                $1
            })
        try #require(status == 0, "\(err)")
        try repo.verify()
        let titles = try repo.lines().map { String(decoding: $0, as: UTF8.self) }
        #expect(titles.contains { $0.contains("Announcement 602") })
        #expect(!titles.contains { $0.contains("Announcement 601") }, "a dropped commit's event came back")
    }

    @Test("a cherry-pick the driver cannot write is finished by 'annals merge --pick CHERRY_PICK_HEAD'")
    func cherryPickAcrossSegment() throws {
        let repo = try GitLedger()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append(TeamEvents.topic(1))
        try repo.commit("first")
        try repo.append([Inputs.announcement(300, actor: "org:a")])
        try repo.commit("second")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(1, actor: "org:b")])
        try repo.append([Inputs.announcement(2, actor: "org:b")], segmentBytes: 900)  // main starts a new segment
        try repo.commit("main")
        let before = try repo.lines()
        let pick = try repo.git("cherry-pick", "topic", expect: nil)
        #expect(pick.status != 0)
        #expect(pick.output.contains("annals merge --pick CHERRY_PICK_HEAD"), "\(pick.output)")
        let finish = try repo.annals(["merge", "--pick", "CHERRY_PICK_HEAD"])
        #expect(finish.status == 0, "\(finish.stderr)")
        try repo.git("-c", "core.editor=true", "cherry-pick", "--continue")
        try repo.verify()
        let after = try repo.lines()
        #expect(Array(after.prefix(before.count)) == before)
        #expect(after.count == before.count + 1, "only the picked commit's event")
    }

    @Test("annals rebase refuses during a merge when Events/ holds appends not committed")
    func uncommittedDuringMerge() throws {
        let repo = try Self.diverged()
        try repo.git("checkout", "-q", "topic")
        try repo.append([Inputs.announcement(77, actor: "org:a")])  // not committed
        let before = try repo.lines()
        _ = try repo.git("merge", "--no-commit", "main", expect: nil)
        let r = try repo.annals(["rebase", "--onto", "main"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("not committed"), "\(r.stderr)")
        #expect(try repo.lines() == before)
    }

    @Test(
        "annals rebase --onto re-appends this branch's events after the published log; the hosting merge is then clean",
        arguments: [false, true])
    func rebaseOnto(topicRolls: Bool) throws {
        let repo = try Self.diverged(topicRolls: topicRolls, driver: false)
        let main = try Self.side(repo, "main")
        let topic = try Self.side(repo, "topic")
        try repo.git("checkout", "-q", "topic")
        let merge = try repo.git("merge", "--no-commit", "main", expect: nil)
        #expect(merge.status != 0, "without the driver, git's text merge must conflict: \(merge.output)")
        let rebase = try repo.annals(["rebase", "--onto", "main", "--format", "json"])
        #expect(rebase.status == 0, "\(rebase.stderr)")
        #expect(rebase.stdout.contains("\"appended\""))
        try repo.git("commit", "-q", "--no-edit")
        // Published history (main) stays byte for byte; topic's events follow it.
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "main")
        // What a hosting service does without custom drivers: a plain merge, now conflict-free.
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "--no-ff", "--no-edit", "topic")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "HEAD^1")
    }

    @Test("git rebase with the driver re-chains the branch's events after the new base")
    func gitRebaseWithDriver() throws {
        let repo = try Self.diverged()
        let main = try Self.side(repo, "main")
        let topic = try Self.side(repo, "topic")
        try repo.git("checkout", "-q", "topic")
        try repo.git("rebase", "main")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "main")
    }

    @Test("the driver also works registered as 'annals merge-driver %O %A %B' (no %P)")
    func driverWithoutPath() throws {
        let repo = try Self.diverged()
        try repo.git("config", "merge.annals.driver", "'\(Annals.binary.path)' merge-driver %O %A %B")
        let main = try Self.side(repo, "main")
        let topic = try Self.side(repo, "topic")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "--no-edit", "topic")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "HEAD^1")
    }

    @Test(
        "a git rebase onto a branch that started a new segment stops, and 'annals merge --pick REBASE_HEAD' finishes the step"
    )
    func gitRebaseOntoNewSegment() throws {
        let repo = try Self.diverged(mainRolls: true)
        let main = try Self.side(repo, "main")
        let topic = try Self.side(repo, "topic")
        let rebase = try repo.git("rebase", "main", expect: nil)
        #expect(rebase.status != 0, "\(rebase.output)")
        #expect(rebase.output.contains("annals merge --pick"), "\(rebase.output)")
        let finish = try repo.annals(["merge", "--pick", "REBASE_HEAD"])
        #expect(finish.status == 0, "\(finish.stderr)")
        try repo.git("-c", "core.editor=true", "rebase", "--continue")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "main")
    }

    @Test("a cherry-pick brings in only the picked commit's events")
    func cherryPick() throws {
        let repo = try GitLedger()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append(TeamEvents.topic(1))
        try repo.commit("first topic commit")
        try repo.append([Inputs.announcement(300, actor: "org:a")])
        try repo.commit("second topic commit")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(1, actor: "org:b")])
        try repo.commit("main")
        let before = try repo.lines()
        try repo.git("cherry-pick", "topic")
        try repo.verify()
        let after = try repo.lines()
        #expect(Array(after.prefix(before.count)) == before)
        #expect(after.count == before.count + 1)
        #expect(String(decoding: after.last!, as: UTF8.self).contains("Announcement 300"))
    }

    @Test("a staged but uncommitted append is never lost by 'annals merge' during a merge")
    func stagedAppendDuringMerge() throws {
        let repo = try Self.diverged()
        try repo.git("checkout", "-q", "main")
        _ = try repo.git("merge", "--no-commit", "topic", expect: nil)
        try repo.append([Inputs.announcement(88, actor: "org:a")])
        try repo.git("add", "Events")
        let before = try repo.lines()
        let r = try repo.annals(["merge", "MERGE_HEAD"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("refusing to lose it"), "\(r.stderr)")
        #expect(try repo.lines() == before)
    }

    @Test("a branch merged once, then continued, merges again")
    func mergeTwice() throws {
        let repo = try Self.diverged()
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "--no-edit", "topic")
        try repo.git("checkout", "-q", "topic")
        try repo.append([Inputs.announcement(901, actor: "org:a")])
        try repo.commit("more topic")
        let topic = try Self.side(repo, "topic")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(902, actor: "org:b")])
        try repo.commit("more main")
        let main = try Self.side(repo, "main")
        try repo.git("merge", "--no-edit", "topic")
        try Self.checkMerged(repo, ours: main, theirs: topic, oursRef: "HEAD^1")
    }

    enum Edit: String, CaseIterable { case rewritten, altered, alteredFirst }

    /// Makes the checked-out branch's log differ from the common history at seq 2.
    static func editHistory(_ repo: GitLedger, _ edit: Edit) throws {
        let segment = repo.root.appendingPathComponent("Events/00000001.jsonl")
        var lines = try Data(contentsOf: segment).split(separator: 0x0A).map { Data($0) }
        switch edit {
        case .rewritten:
            // A valid log whose seq 2 is another event: history rewritten, not appended to.
            try Data(lines[0] + [0x0A]).write(to: segment)
            try repo.append([Inputs.entity("org:b", "Beta Corporation")] + TeamEvents.topic(4))
        case .altered:
            lines[1] = Data(
                String(decoding: lines[1], as: UTF8.self).replacingOccurrences(of: "Beta Corp", with: "Beta Inc.").utf8)
            try Data(lines.map { $0 + [0x0A] }.joined()).write(to: segment)
        case .alteredFirst:
            // An earlier record edited in place: the last shared record's hash field is untouched.
            lines[0] = Data(
                String(decoding: lines[0], as: UTF8.self).replacingOccurrences(of: "Alpha Corp", with: "Alpha Inc.")
                    .utf8)
            try Data(lines.map { $0 + [0x0A] }.joined()).write(to: segment)
        }
        try repo.commit("edit history")
    }

    @Test(
        "a merge where the other side edited a record of the common history fails naming the seq",
        arguments: Edit.allCases)
    func editedHistory(edit: Edit) throws {
        let repo = try Self.diverged()
        try repo.git("checkout", "-q", "topic")
        try Self.editHistory(repo, edit)
        try repo.git("checkout", "-q", "main")
        let before = try repo.lines()
        let merge = try repo.git("merge", "--no-edit", "topic", expect: nil)
        #expect(merge.status != 0)
        let seq = edit == .alteredFirst ? 1 : 2
        #expect(merge.output.contains("changed the record at seq \(seq)"), "\(merge.output)")
        let finish = try repo.annals(["merge", "MERGE_HEAD"])
        #expect(finish.status == 1)
        #expect(finish.stderr.contains("changed the record at seq \(seq)"), "\(finish.stderr)")
        try repo.git("merge", "--abort")
        #expect(try repo.lines() == before)
    }

    @Test(
        "a merge where this branch edited a record of the common history fails naming the seq", arguments: Edit.allCases
    )
    func editedOwnHistory(edit: Edit) throws {
        let repo = try Self.diverged()
        try repo.git("checkout", "-q", "main")
        try Self.editHistory(repo, edit)
        let before = try repo.lines()
        let r = try repo.annals(["merge", "topic"])
        #expect(r.status == 1)
        #expect(
            r.stderr.contains("this branch (HEAD) changed the record at seq \(edit == .alteredFirst ? 1 : 2)"),
            "\(r.stderr)")
        #expect(try repo.lines() == before)
    }

    @Test("events that contradict each other (one entity id registered twice) stop the merge")
    func conflictingEvents() throws {
        let repo = try GitLedger()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.append([Inputs.entity("org:x", "Xylo Labs")])
        try repo.commit("topic")
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.entity("org:x", "Xylophone Inc")])
        try repo.commit("main")
        let merge = try repo.git("merge", "--no-edit", "topic", expect: nil)
        #expect(merge.status != 0)
        #expect(merge.output.contains("org:x") && merge.output.contains("already registered"), "\(merge.output)")
    }

    @Test("annals merge refuses to overwrite uncommitted appends")
    func uncommittedAppends() throws {
        let repo = try Self.diverged()
        try repo.git("checkout", "-q", "main")
        try repo.append([Inputs.announcement(77, actor: "org:a")])
        let before = try repo.lines()
        let r = try repo.annals(["merge", "topic"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("not committed"), "\(r.stderr)")
        #expect(try repo.lines() == before)
    }
}

@Suite("Many writers: ledgers in sub-folders")
struct NestedLedgerMergeTests {
    @Test("annals merge and review work for a ledger in a folder with a non-ASCII name")
    func nonASCIIPath() throws {
        let dir = try TemporaryDirectory()
        func git(_ args: String...) throws {
            let (status, _, err) = try tool(
                ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"] + args, in: dir.url)
            try #require(status == 0, "git \(args): \(err)")
        }
        let ledger = dir.url.appendingPathComponent("Données")
        try git("init", "-q", "-b", "main")
        try #require(try Annals.run(["init", "Données"], in: dir.url).status == 0)
        _ = try dir.write(".gitignore", ".annals/\n")
        func append(_ lines: [String]) throws {
            let r = try Annals.run(
                ["append", "--file", "-"], in: ledger, stdin: Data(lines.joined(separator: "\n").utf8))
            try #require(r.status == 0, "\(r.stderr)")
        }
        try append([Inputs.entity("org:a", "Alpha Corp")])
        try git("add", "-A")
        try git("commit", "-q", "-m", "base")
        try git("checkout", "-q", "-b", "topic")
        try append([Inputs.announcement(1)])
        try git("add", "-A")
        try git("commit", "-q", "-m", "topic")
        try git("checkout", "-q", "main")
        try append([Inputs.announcement(2)])
        try git("add", "-A")
        try git("commit", "-q", "-m", "main")
        let merge = try Annals.run(["merge", "topic", "--format", "json"], in: ledger)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains(#""kept_records":2"#), "\(merge.stdout)")
        try git("commit", "-q", "-m", "merge")
        #expect(try Annals.run(["verify"], in: ledger).stdout.contains("3 records"))
        let review = try Annals.run(["review", "HEAD~1", "HEAD", "--format", "json"], in: ledger)
        #expect(review.status == 0)
        #expect(review.stdout.contains(#""base_records":2"#), "\(review.stdout)")
    }
}
