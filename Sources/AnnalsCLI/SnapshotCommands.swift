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
            ledger.notice = { Terminal.note($0) }
            let info = try ledger.createSnapshot(try momentOptions.moment(), name: name, force: force)
            Terminal.out(
                "wrote Snapshots/\(info.name).jsonl.gz: \(info.header.rows.values.reduce(0, +)) rows at seq "
                    + "\(info.header.seq), "
                    + "\(info.fileBytes) bytes (\(String(format: "%.1f", info.ratio))x smaller than its "
                    + "\(info.header.bytes) bytes of JSON)"
            )
        }
    }
}

struct SnapshotList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List snapshots: name, as-of, seq, rows, size, ratio.")
    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: "Output format: text, json or csv.") var format: TableFormat = .text

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            ledger.notice = { Terminal.note($0) }
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
            let targets = all ? SnapshotFile.list(ledger.layout) : names
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
            Terminal.out("restored \(name); caught up \(result.applied) newer records (now at seq \(result.lastSeq))")
        }
    }
}
