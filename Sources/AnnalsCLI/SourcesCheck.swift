import Annals
import AnnalsCore
import ArgumentParser
import Foundation

struct SourcesCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every quoted source: is the quote still in the page?",
        discussion: prose(
            """
            For every source with a URL and a quote: quote found (after normalising whitespace,
            quote marks, dashes and Unicode NFC), quote-not-found, page-changed (the page's
            SHA-256 differs from its newest capture; --online only), page-gone (404 or 410, a
            DNS failure, a timeout), never-captured, or unchecked (another HTTP error, a refused
            address, a page over the size limit, an altered WARC file).

            --offline (the default) reads the newest capture's WARC record, or, when the archive
            folder does not hold it, the quotes the capture event recorded as found. --online
            fetches every page now. Exit 1 when a state --fail-on lists occurred.

            Examples:
              annals sources check --offline --fail-on quote-not-found,page-gone
              annals sources check --online --format markdown > link-report.md
            """))

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @OptionGroup var ledgerOptions: LedgerOptions
    @Flag(help: "Check against the newest captures (default).") var offline = false
    @Flag(help: "Fetch every page now and compare with its newest capture.") var online = false
    @Option(help: "Output format: text, json or markdown.") var format: Format = .text
    @Option(
        help: ArgumentHelp(
            "Exit 1 when any of these occurred (comma-separated): "
                + QuoteState.problems.map(\.rawValue).joined(separator: ", ") + ".",
            valueName: "list"))
    var failOn: String?
    @OptionGroup var fetch: FetchOptions

    func validate() throws {
        guard !(offline && online) else { throw ArgumentParser.ValidationError("give --offline or --online, not both") }
        _ = try failStates()
    }

    func failStates() throws -> [QuoteState] {
        guard let failOn else { return [] }
        return try failOn.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let s = QuoteState(rawValue: trimmed), s != .found else {
                throw ArgumentParser.ValidationError(
                    "--fail-on: unknown problem '\(trimmed)'; use "
                        + QuoteState.problems.map(\.rawValue).joined(separator: ", "))
            }
            return s
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let report = try ledger.checkSources(online: online, limits: fetch.limits, progress: { Terminal.note($0) })
            let state = try ledger.logState()
            switch format {
            case .json: renderJSON(report, state)
            case .markdown: renderMarkdown(report)
            case .text: renderText(report)
            }
            let failing = try failStates().filter { report.count($0) > 0 }
            if !failing.isEmpty { throw ExitCode(1) }
        }
    }

    static func states(_ c: QuoteCheck) -> String { c.states.map(\.rawValue).joined(separator: ", ") }

    static func summary(_ report: SourceCheckReport) -> String {
        let counts = QuoteState.allCases.compactMap { s in
            report.count(s) > 0 ? "\(report.count(s)) \(s.rawValue)" : nil
        }
        return "\(report.checks.count) quotes checked " + (report.online ? "online" : "offline")
            + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", "))
    }

    static func short(_ s: String) -> String {
        let one = s.split(whereSeparator: \.isNewline).joined(separator: " ")
        return one.count > 70 ? String(one.prefix(69)) + "…" : one
    }

    func renderText(_ report: SourceCheckReport) {
        for c in report.checks {
            var line = "\(Self.states(c)): \(c.url) \"\(Self.short(c.quote))\" (\(c.eventID.prefix(11)))"
            if let at = c.capturedAt { line += ", captured \(at)" }
            if let d = c.detail { line += ": \(d)" }
            Terminal.out(line)
        }
        Terminal.out(Self.summary(report))
    }

    func renderMarkdown(_ report: SourceCheckReport) {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        Terminal.out("# Source check\n\n" + Self.summary(report) + "\n")
        Terminal.out("| State | URL | Quote | Event | Captured | Detail |")
        Terminal.out("|---|---|---|---|---|---|")
        for c in report.checks {
            Terminal.out(
                "| \(Self.states(c)) | <\(cell(c.url))> | \(cell(Self.short(c.quote))) | \(c.eventID) | "
                    + "\(c.capturedAt ?? "never") | \(cell(c.detail ?? "")) |")
        }
    }

    func renderJSON(_ report: SourceCheckReport, _ state: LedgerState) {
        let checks = report.checks.map { c -> JSONValue in
            var o: JSONObject = [
                "url": .string(c.url), "quote": .string(c.quote), "event": .string(c.eventID),
                "states": .array(c.states.map { .string($0.rawValue) }),
            ]
            if let d = c.detail { o["detail"] = .string(d) }
            if let at = c.capturedAt { o["captured"] = .string(at) }
            if let h = c.captureHash { o["sha256"] = .string(h) }
            if let s = c.selector { o["selector"] = s.json }
            return .object(o)
        }
        var counts: JSONObject = [:]
        for s in QuoteState.allCases { counts[s.rawValue] = .integer(Int64(report.count(s))) }
        let o: JSONObject = [
            "ledger": state.json, "mode": .string(report.online ? "online" : "offline"), "checks": .array(checks),
            "counts": .object(counts),
        ]
        Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
    }
}
