import Annals
import AnnalsCore
import ArgumentParser
import Foundation

struct SnapshotVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check snapshots' digests and recompute their states from the log.",
        discussion: "Exits 1 naming the first snapshot that is damaged, edited, or not what the log implies."
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: "Snapshot names.") var names: [String] = []
    @Flag(help: "Verify every snapshot in Snapshots/.") var all = false

    func validate() throws {
        if names.isEmpty && !all { throw ArgumentParser.ValidationError("name snapshots to verify, or pass --all") }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let targets = all ? ledger.snapshotNames() : names
            if targets.isEmpty { Terminal.out("no snapshots to verify") }
            for name in targets {
                let info = try ledger.verifySnapshot(name)
                Terminal.out(
                    "ok: \(name) (\(info.header.rows.values.reduce(0, +)) rows, seq "
                        + "\(info.header.seq)\(info.header.asOf.map { ", as of \($0)" } ?? "")) is exactly what the "
                        + "log implies"
                )
            }
        }
    }
}
