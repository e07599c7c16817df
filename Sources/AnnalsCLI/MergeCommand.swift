import Annals
import AnnalsCore
import ArgumentParser
import Foundation

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge another revision's new events into this branch's log, re-appended after it.",
        discussion: prose(
            """
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
            """)
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
