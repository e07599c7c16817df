import Annals
import ArgumentParser
import Foundation

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge another revision's new events into this branch's log, re-appended after it.",
        discussion: """
            This branch's records (HEAD) stay byte for byte. The events REVISION added since the
            common ancestor are re-appended after them, ordered by recorded time then id (never
            before an event they depend on): new seq, prev and hash, same id. An event both sides
            have is kept once. Refused, with the seq named, if either side changed or removed a
            record of the common history. Writes Events/ and stages it (git add).
            Use it to finish a `git merge` the merge driver could not do file by file:
              annals merge MERGE_HEAD && git commit
            or a step of a `git rebase` or a `git cherry-pick` (only that commit's events):
              annals merge --pick REBASE_HEAD && git rebase --continue
            Exit status 1: the merge was refused and nothing was changed.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: "The revision whose new events to bring in (e.g. MERGE_HEAD, origin/topic).") var revision: String
    @Flag(
        help:
            "Bring in only the events REVISION added to its parent (a cherry-pick, or a step of a rebase: REBASE_HEAD)."
    ) var pick = false
    @Flag(
        help:
            ArgumentHelp(
                "Change nothing: exit 1 unless Events/ already holds exactly this merge, or the 'rebase --onto' one"
                    + " (the git hooks run it before a merge commit).")
    ) var check = false
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func run() throws {
        try perform {
            if check {
                if let problem = try ledgerOptions.open().checkMerge(revision: revision, pick: pick) {
                    Terminal.error(problem + ". Fix: run 'annals merge \(pick ? "--pick " : "")\(revision)'")
                    throw ExitCode(ExitStatus.verificationFailed.rawValue)
                }
                Terminal.out("ok: Events/ holds the merge of this branch and \(revision), and verifies")
                return
            }
            let report = try ledgerOptions.open().merge(revision: revision, pick: pick)
            MergeRenderer(format: format).render(report, verb: "merged \(revision) into this branch")
        }
    }
}

struct Rebase: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-append this branch's new events on top of another revision's log.",
        discussion: """
            REVISION's log (e.g. origin/main, already published) stays byte for byte; the events
            this branch (HEAD) added since the common ancestor are re-appended after it, with the
            same rules as 'annals merge'. Writes Events/ and stages it (git add). For hosting
            services that merge without custom drivers:
              git merge --no-commit origin/main; annals rebase --onto origin/main; git commit
            Exit status 1: the rebase was refused and nothing was changed.
            """
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: ArgumentHelp("The revision whose log to build on (e.g. origin/main).", valueName: "revision"))
    var onto: String
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func run() throws {
        try perform {
            let report = try ledgerOptions.open().rebase(onto: onto)
            MergeRenderer(format: format).render(report, verb: "rebased this branch's events onto \(onto)")
        }
    }
}

struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "git merge driver for Events/*.jsonl (set up by Tools/setup-git.sh).",
        discussion: """
            git runs it as: annals merge-driver %O %A %B %P
            It merges the whole ledger like 'annals merge' (HEAD's records stay; the incoming
            commit's new events are re-appended) and writes this file's part into %A. It exits 1,
            leaving a conflict for git to report, when a record of the common history was changed,
            when the events conflict, or when one side started a new segment git will not pass
            to the driver; the message names the command that finishes the merge.
            """
    )

    @Argument(help: "The common ancestor's version (%O).") var ancestor: String
    @Argument(help: "This branch's version, overwritten with the result (%A).") var current: String
    @Argument(help: "The other branch's version (%B).") var other: String
    @Argument(help: "The file's path in the repository (%P).") var path: String?

    func run() throws {
        try perform {
            let outcome = try MergeDriver.run(
                ancestor: ancestor, current: current, other: other, path: path,
                environment: ProcessInfo.processInfo.environment)
            let r = outcome.report
            Terminal.note(
                "merged \(outcome.segment): kept \(r.keptRecords) records, re-appended \(r.appended.count)"
                    + (r.duplicates.isEmpty ? "" : ", \(r.duplicates.count) already present"))
        }
    }
}
