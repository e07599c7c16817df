import Annals
import AnnalsCore
import ArgumentParser

/// The moment a read command shows: now, or a valid date and/or a transaction time.
struct MomentOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Show the world as of this date (valid time): events that occurred later are left out.", valueName: "date"))
    var asOf: String?
    @Option(
        help: ArgumentHelp(
            "Show only what the ledger had recorded by this time: a UTC timestamp, or a day (YYYY-MM-DD: "
                + "by the end of that day, UTC).", valueName: "time"))
    var knownAt: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Show only the records up to this seq.", valueName: "seq"))
    var knownAtSeq: Int64?

    func validate() throws {
        if let s = knownAtSeq, s < 0 {
            throw ArgumentParser.ValidationError("--known-at-seq must be 0 or more, got \(s)")
        }
    }

    func moment() throws -> Ledger.Moment {
        try validate()
        return Ledger.Moment(
            asOf: try asOf.map { try parseDate($0, flag: "--as-of") },
            knownAt: try knownAt.map { try parseTime($0, flag: "--known-at", upTo: true) },
            knownAtSeq: knownAtSeq)
    }
}

/// Ledger, moment and format: what every read command takes.
struct ReadOptions: ParsableArguments {
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var momentOptions: MomentOptions
    @Option(help: "Output format: text, json or csv.") var format: TableFormat = .text
    @Option(
        help: ArgumentHelp(
            "Answer from the PostgreSQL projection 'annals sync' keeps at this URL instead of the local SQLite one "
                + "(default: $ANNALS_POSTGRES_URL).", valueName: "url"))
    var projection: String?
    @Option(help: ArgumentHelp("The PostgreSQL schema to read with --projection.", valueName: "name"))
    var schema = "annals"
    @Flag(help: "Print text lines and tables whole, however wide (default: cut to fit the terminal).")
    var wide = false

    /// The columns text output may take: the terminal's, or nil with --wide.
    var width: Int? { wide ? nil : Terminal.width }

    /// The projection at the requested moment, with notices and progress on stderr.
    func reader() throws -> Ledger.Reader { try open().reader }

    /// The projection at the requested moment and the state it shows, which `--format json` output carries.
    func open() throws -> (reader: Ledger.Reader, state: LedgerState) {
        let (_, reader, state) = try openLedger()
        return (reader, state)
    }

    /// The ledger too, for what the projection does not hold (the archive folder's WARC files).
    func openLedger() throws -> (ledger: Ledger, reader: Ledger.Reader, state: LedgerState) {
        let moment = try momentOptions.moment()
        let ledger = try ledgerOptions.open()
        if let url = projection ?? Terminal.environment(Ledger.postgresURLVariable), !url.isEmpty {
            let reader = try ledger.postgresReader(url: url, schema: schema, at: moment)
            return (ledger, reader, try ledger.state(of: reader, moment: moment))
        }
        // Benchmarks only: the old in-memory replay, as the reference for reads by query.
        ledger.replaysReads = Terminal.environment("ANNALS_REPLAY_READS") == "1"
        let progress = Progress(label: "projecting")
        defer { progress.finish() }
        let reader = try ledger.reader(at: moment) { progress.update($0) }
        return (ledger, reader, try ledger.state(of: reader, moment: moment))
    }
}
