import Annals
import ArgumentParser

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Write a complete projection database of a past moment, for any SQLite tool.",
        discussion: prose(
            """
            --as-of D leaves out events that occurred after D (valid time); --known-at T and
            --known-at-seq N leave out what was recorded later (transaction time). Corrections and
            retractions known at that time apply; entity registrations always do.
            Example: annals replay --as-of 2025-06-01 --out /tmp/mid-2025.sqlite
            """)
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var momentOptions: MomentOptions
    @Option(
        help: ArgumentHelp("The database file to write (outside Events/, Snapshots/ and .annals/).", valueName: "file"))
    var out: String
    @Flag(help: "Replace an existing file at --out (only an Annals projection is ever replaced).") var force = false

    func run() throws {
        try perform {
            let moment = try momentOptions.moment()
            let progress = Progress(label: "replaying")
            let last = try ledgerOptions.open().replay(moment, to: out, force: force) { progress.update($0) }
            progress.finish()
            Terminal.out(
                "wrote \(out): the ledger as of \(moment.asOf?.description ?? "now")"
                    + (moment.knownAt.map { ", known at \($0)" } ?? "")
                    + (moment.knownAtSeq.map { ", up to seq \($0)" } ?? "")
                    + " (records up to seq \(last))")
        }
    }
}
