import Annals
import AnnalsCore
import ArgumentParser
import Foundation

struct SnapshotShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a snapshot's header: moment, seq, chain head, row counts, digest.")
    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: "The snapshot's name.") var name: String
    @Option(help: "Output format: text or json.") var format: TableFormat = .text

    func validate() throws {
        if format == .csv {
            throw ArgumentParser.ValidationError(
                "snapshot show prints text or json, not csv: use --format text or --format json")
        }
    }

    func run() throws {
        try perform {
            let s = try ledgerOptions.open().snapshot(name)
            if format == .json { return Terminal.writeBytes(CanonicalJSON.encode(s.header.json) + [0x0A]) }
            Terminal.out("snapshot   \(s.name)  (\(s.path))")
            Terminal.out("as of      \(s.header.asOf ?? "now (no valid-time cut)")")
            if let k = s.header.knownAt { Terminal.out("known at   \(k)") }
            if let k = s.header.knownAtSeq { Terminal.out("known at   seq \(k)") }
            Terminal.out("log        seq \(s.header.seq), chain head \(s.header.chainHead)")
            Terminal.out("tree root  \(s.header.treeRoot ?? "none (made by an older annals; restore refuses it)")")
            Terminal.out("schema     \(s.header.schema), format \(s.header.format)")
            Terminal.out(
                "size       \(s.fileBytes) bytes gzip, \(s.header.bytes) bytes of JSON lines "
                    + "(\(String(format: "%.1f", s.ratio))x)"
            )
            Terminal.out("digest     sha256 \(s.header.digest)")
            for (table, n) in s.header.rows.sorted(by: { $0.key < $1.key }) {
                Terminal.out("  \(table.padding(toLength: 16, withPad: " ", startingAt: 0)) \(n)")
            }
        }
    }
}
