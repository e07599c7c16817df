import Annals
import ArgumentParser
import Foundation

struct SnapshotList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List snapshots: name, as-of, seq, rows, size, ratio.")
    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: "Output format: text, json or csv.") var format: TableFormat = .text

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            var table = ResultTable(columns: ["name", "as_of", "known_at", "seq", "rows", "bytes", "ratio"])
            for s in try ledger.snapshots() {
                table.rows.append([
                    .text(s.name), s.header.asOf.map { .text($0) } ?? .null,
                    s.header.knownAt.map { .text($0) } ?? .null,
                    .integer(s.header.seq), .integer(s.header.rows.values.reduce(0, +)), .integer(Int64(s.fileBytes)),
                    .text(String(format: "%.1f", s.ratio)),
                ])
            }
            TableRenderer.render(table, format: format)
        }
    }
}
