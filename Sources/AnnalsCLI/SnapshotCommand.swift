import Annals
import ArgumentParser
import Foundation

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Compressed, deterministic snapshots of the projected state (Snapshots/<name>.jsonl.gz).",
        discussion:
            "A snapshot is gzip of a header line and then every projected row as canonical JSON; 'zcat X.jsonl.gz | "
            + "jq .' reads it.",
        subcommands: [
            SnapshotCreate.self, SnapshotList.self, SnapshotShow.self, SnapshotVerify.self, SnapshotRestore.self,
        ]
    )
}
