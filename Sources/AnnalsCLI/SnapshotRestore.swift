import Annals
import ArgumentParser
import Foundation

struct SnapshotRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Load a snapshot into the projection database, then catch up with the log.",
        discussion: "Only snapshots without --as-of can be restored: they are the state at a point of the log."
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: "The snapshot's name.") var name: String

    func run() throws {
        try perform {
            let result = try ledgerOptions.open().restoreSnapshot(name)
            Terminal.out(
                "restored \(name); caught up \(Words.count(result.applied, "newer record")) (now at seq \(result.lastSeq))"
            )
        }
    }
}
