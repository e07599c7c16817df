import Annals
import ArgumentParser
import Foundation

struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "git merge driver for Events/*.jsonl (set up by Tools/setup-git.sh).",
        discussion: prose(
            """
            git runs it as:
              annals merge-driver %O %A %B %P
            It merges the whole ledger like 'annals merge' (HEAD's records stay; the incoming
            commit's new events are re-appended) and writes this file's part into %A. It exits 1,
            leaving a conflict for git to report, when a record of the common history was changed,
            when the events conflict, or when one side started a new segment git will not pass
            to the driver; the message names the command that finishes the merge.
            """)
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
                "merged \(outcome.segment): kept \(Words.count(r.keptRecords, "record")), re-appended \(r.appended.count)"
                    + (r.duplicates.isEmpty ? "" : ", \(r.duplicates.count) already present"))
        }
    }
}
