import Annals
import AnnalsCore
import ArgumentParser

/// `annals import`: bring events in from other formats.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import events from a spreadsheet (CSV or TSV).",
        subcommands: [ImportCSV.self])
}

struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Import a CSV or TSV sheet as events, as a JSON mapping file says.",
        discussion: prose(
            """
            Each row becomes one event, validated exactly like 'annals append'; if any row is
            wrong nothing is written and the error names the row, the line, the column, the value
            and the fix. Rows already in the ledger (same event id) are skipped as duplicates; rows
            whose external id is already logged are skipped as already imported. The mapping is
            described in the README ("Importing a spreadsheet").

            Examples:
              annals import csv Tools/examples/ai-chips-sheet.csv --map Tools/examples/ai-chips-sheet.map.json --dry-run
              annals import csv sheet.tsv --map sheet.map.json --recorder "Jane Doe"
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(help: ArgumentHelp("The CSV or TSV file ('.tsv' is read as tab-separated).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The JSON mapping file: which column gives which event field.", valueName: "map"))
    var map: String

    @Option(help: ArgumentHelp("Cell separator: ',' or 'tab' (default: tab for .tsv, else ',').", valueName: "sep"))
    var delimiter: String?

    @Option(help: "Who records the events (default: $ANNALS_RECORDER, then git's user.name).")
    var recorder: String?

    @Flag(help: "Show what would be appended, what is already in, and likely duplicates; write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: OutputFormat = .text

    func validate() throws {
        if let d = delimiter, ![",", "tab", "\\t", "\t"].contains(d) {
            throw ArgumentParser.ValidationError("--delimiter takes ',' or 'tab'")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let tab = delimiter.map { $0 != "," } ?? file.lowercased().hasSuffix(".tsv")
            let report = try ledger.importCSV(
                path: file, mapPath: map, delimiter: tab ? 0x09 : 0x2C, recorder: recorder, dryRun: dryRun,
                listsEach: format != .text || dryRun)
            render(report)
        }
    }

    /// A row's external id as a note quotes it (sheet text, so escaped and capped).
    private func external(_ row: ImportReport.Row) -> String {
        UserText.escaped(row.externalID ?? "", limit: Limits.externalIDCharacters)
    }

    func render(_ r: ImportReport) {
        func row(_ x: ImportReport.Row) -> JSONValue {
            var o: JSONObject = [
                "row": .integer(Int64(x.record)), "line": .integer(Int64(x.line)), "id": .string(x.id),
            ]
            if let s = x.seq { o["seq"] = .integer(s) }
            if let e = x.externalID { o["external_id"] = .string(e) }
            return .object(o)
        }
        if format != .text {
            let o: JSONObject = [
                "dryRun": .bool(r.dryRun), "rows": .integer(Int64(r.rows)),
                "appendedCount": .integer(Int64(r.appendedCount)),
                "appended": .array(r.appended.map(row)), "duplicates": .array(r.duplicates.map(row)),
                "alreadyImported": .array(r.alreadyImported.map(row)), "changed": .array(r.changed.map(row)),
                "alreadyImportedCount": .integer(Int64(r.alreadyImportedCount)),
                "changedCount": .integer(Int64(r.changedCount)),
                "likelyDuplicates": .array(
                    r.likelyDuplicates.map {
                        .object([
                            "row": .integer(Int64($0.record)), "line": .integer(Int64($0.line)),
                            "other": .string($0.other), "why": .string($0.why),
                        ])
                    }),
            ]
            Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            return
        }
        let verb = r.dryRun ? "would append" : "appended"
        if r.dryRun {
            for a in r.appended {
                Terminal.out("\(verb): row \(a.record) (line \(a.line)) as seq \(a.seq ?? 0) \(a.id)")
            }
        }
        Terminal.out("\(verb) \(Words.count(r.appendedCount, "event")) from \(Words.count(r.rows, "row"))")
        for d in r.duplicates {
            let existing = d.seq.map { "already in the ledger as seq \($0)" } ?? "a repeat of an earlier row"
            Terminal.note("duplicate: row \(d.record) is \(existing) (\(d.id)); skipped")
        }
        for a in r.alreadyImported {
            Terminal.note("already imported: row \(a.record) (external id \(external(a))) is \(a.id); skipped")
        }
        if r.alreadyImportedCount > r.alreadyImported.count {
            Terminal.note(
                "… and \(Words.count(r.alreadyImportedCount - r.alreadyImported.count, "more row")) already imported")
        }
        for c in r.changed {
            Terminal.note(
                "changed: row \(c.record) (external id \(external(c))) differs from the logged event \(c.id);"
                    + " skipped: append a correction")
        }
        if r.changedCount > r.changed.count {
            Terminal.note("… and \(Words.count(r.changedCount - r.changed.count, "more row")) changed; skipped")
        }
        for l in r.likelyDuplicates {
            Terminal.note("likely duplicate: row \(l.record) (line \(l.line)) and \(l.other): \(l.why)")
        }
    }
}
