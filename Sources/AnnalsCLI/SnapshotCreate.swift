import Annals
import ArgumentParser
import Foundation

struct SnapshotCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write a snapshot of now, or of the state as of a date / known at a time.",
        discussion:
            "Examples:\n  annals snapshot create --as-of 2025-12-31\n  annals snapshot create --name latest --force"
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var momentOptions: MomentOptions
    @Option(help: "The snapshot's name (default: the --as-of date, or seq-N).") var name: String?
    @Flag(help: "Replace a snapshot of the same name.") var force = false

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let info = try ledger.createSnapshot(try momentOptions.moment(), name: name, force: force)
            Terminal.out(
                "wrote Snapshots/\(info.name).jsonl.gz: \(Words.count(info.header.rows.values.reduce(0, +), "row")) at seq "
                    + "\(info.header.seq), "
                    + "\(info.fileBytes) bytes (\(String(format: "%.1f", info.ratio))x smaller than its "
                    + "\(info.header.bytes) bytes of JSON)"
            )
        }
    }
}
