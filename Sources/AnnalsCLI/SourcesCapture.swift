import Annals
import AnnalsCore
import ArgumentParser

struct SourcesCapture: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Fetch cited pages, archive them as WARC and record a capture event for each.",
        discussion: prose(
            """
            Each page is fetched once (bounded by --timeout, --max-redirects, --max-bytes and a
            --delay between requests to the same host, with a User-Agent naming annals), written
            as WARC 1.1 request and response records to one new file in the archive folder
            (ledger.json "archive", default Archive/), and recorded as a capture event; all the
            capture events are appended in one batch. A page that misbehaves (no answer in time,
            too large after decoding, an invalid status or header, a refused redirect or address)
            is listed with its reason and not recorded, the other pages are, and the exit status
            is then 1.

            Examples:
              annals sources capture --missing
              annals sources capture https://example.org/article \\
                --archive-url https://example.org/article=https://web.archive.org/web/2026/https://example.org/article
            """))

    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: ArgumentHelp("Cited URLs to capture.", valueName: "url")) var urls: [String] = []
    @Flag(help: "Capture every cited URL.") var all = false
    @Flag(help: "Capture every cited URL that has no capture yet.") var missing = false
    @Option(
        name: .customLong("archive-url"),
        help: ArgumentHelp("An outside archive's copy of a URL (Wayback, archive.today).", valueName: "url=archive"))
    var archiveURLs: [String] = []
    @OptionGroup var fetch: FetchOptions
    @Option(help: "Who records the capture events (default: $ANNALS_RECORDER, then git's user.name).")
    var recorder: String?
    @Option(help: "Output format: text or json.") var format: OutputFormat = .text

    func validate() throws {
        let chosen = (urls.isEmpty ? 0 : 1) + (all ? 1 : 0) + (missing ? 1 : 0)
        guard chosen == 1 else { throw ArgumentParser.ValidationError("give URLs, --all or --missing (one of them)") }
        guard format != .jsonl else { throw ArgumentParser.ValidationError("--format is text or json") }
        for pair in archiveURLs where pair.firstRange(of: "=http") == nil {
            throw ArgumentParser.ValidationError(
                "--archive-url takes URL=ARCHIVE, e.g. https://a.org/x=https://web.archive.org/…")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            var archives: [String: String] = [:]
            for pair in archiveURLs {
                let cut = pair.ranges(of: "=http").last!
                archives[String(pair[..<cut.lowerBound])] = String(pair[pair.index(after: cut.lowerBound)...])
            }
            let selection: CaptureSelection = all ? .all : missing ? .missing : .urls(urls)
            let report = try ledger.capture(
                selection, archiveURLs: archives, limits: fetch.limits, recorder: recorder,
                progress: { Terminal.note($0) })
            render(report, state: try ledger.logState())
            if !report.failed.isEmpty { throw ExitCode(1) }
        }
    }

    private func render(_ report: CaptureReport, state: LedgerState) {
        if format == .json {
            let captured = report.captured.map { c -> JSONValue in
                var o = c.spec.json.objectValue ?? [:]
                if let id = c.eventID { o["event"] = .string(id) }
                o["quotes"] = .integer(Int64(c.quotes))
                o["quotes_found"] = .integer(Int64(c.quotesFound))
                return .object(o)
            }
            let failed = report.failed.map { f -> JSONValue in
                .object(["url": .string(f.url), "reason": .string(f.reason.description)])
            }
            var o: JSONObject = [
                "ledger": state.json, "captured": .array(captured), "failed": .array(failed),
            ]
            if let w = report.warcFile { o["warc_file"] = .string(w) }
            Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            return
        }
        for c in report.captured {
            Terminal.out(
                "captured \(c.spec.url): HTTP \(c.spec.status), \(c.spec.length) bytes, sha256 \(c.spec.sha256.prefix(16))…, "
                    + "\(c.quotesFound) of \(c.quotes) quotes found" + (c.eventID.map { ", event \($0)" } ?? ""))
        }
        for f in report.failed { Terminal.out("not captured \(f.url): \(f.reason)") }
        let total = report.captured.count + report.failed.count
        var summary = "\(report.captured.count) of \(total) pages captured"
        if let w = report.warcFile { summary += " into \(w)" }
        if total == 0 { summary = "nothing to capture" }
        Terminal.out(summary)
    }
}
