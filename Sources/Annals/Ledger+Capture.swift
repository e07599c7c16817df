import AnnalsCore
import AnnalsStore
import Foundation

/// What `sources capture` did.
public struct CaptureReport: Sendable {
    public struct Captured: Sendable {
        public var spec: CaptureSpec
        /// The capture event's id, once appended.
        public var eventID: String?
        /// How many of the URL's quotes were found in the page, of how many.
        public var quotesFound: Int
        public var quotes: Int
    }
    public struct Failed: Sendable {
        public var url: String
        public var reason: PageFetcher.Failure
    }
    public var captured: [Captured] = []
    public var failed: [Failed] = []
    /// The WARC file written, relative to the ledger's root (nil when nothing was captured).
    public var warcFile: String?
}

/// Which cited URLs to capture.
public enum CaptureSelection: Sendable {
    case urls([String])
    case all
    /// Cited URLs with no capture yet.
    case missing
}

extension Ledger {
    /// The version Annals names itself with (User-Agent, WARC `warcinfo`).
    public static let softwareVersion = "0.1.0"
    public static var userAgent: String { "annals/\(softwareVersion) (source capture; +https://github.com/annals)" }

    /// The archive folder, relative to the ledger's root (see ``LedgerConfig/archive(_:)``).
    public func archiveFolder() throws -> String {
        try LedgerConfig.archive(layout)
    }

    /// Fetches the selected cited pages, writes them to one new WARC file in the archive folder,
    /// and appends one `capture` event per page that answered, in one batch (all or nothing).
    /// A page that misbehaves (could not be fetched, or would not make a valid capture event) is
    /// reported as failed with its reason, and the other pages go on.
    public func capture(
        _ selection: CaptureSelection, archiveURLs: [String: String], limits: PageFetcher.Limits,
        recorder: String?, progress: (String) -> Void = { _ in }
    ) throws -> CaptureReport {
        let reader = try reader()
        let cited = try reader.citedURLs()
        let targets: [String]
        switch selection {
        case .all: targets = cited
        case .missing:
            let captured = try reader.latestCaptures()
            targets = cited.filter { captured[$0] == nil }
        case .urls(let urls):
            let known = Set(cited)
            for url in urls where !known.contains(url) {
                throw SourcesError(
                    problem: "\(ValidationError.shorten(url)) is not cited by any event of this ledger",
                    fix:
                        "capture a URL the ledger's sources cite, exactly as written ('annals sources check' lists them)"
                )
            }
            var seen = Set<String>()
            targets = urls.filter { seen.insert($0).inserted }
        }
        for (url, archive) in archiveURLs {
            guard targets.contains(url) else {
                throw SourcesError(
                    problem: "--archive-url names \(ValidationError.shorten(url)), which this capture does not fetch",
                    fix: "give --archive-url URL=ARCHIVE for a URL being captured")
            }
            guard Source.isAcceptable(url: archive) else {
                throw SourcesError(
                    problem: "the archive URL \(ValidationError.shorten(archive)) is not an http(s) URL",
                    fix: "give the full address of the outside copy, e.g. https://web.archive.org/web/…")
            }
        }
        let who = try resolveRecorder(recorder).name
        try EventDecoder.checkRecorder(who)
        var report = CaptureReport()
        guard !targets.isEmpty else { return report }

        let quotes = Dictionary(grouping: try reader.quotedCitations(), by: \.url)
        let folder = try archiveFolder()
        let folderPath = layout.root + "/" + folder
        if !FileSystem.isDirectory(folderPath) {
            try FileSystem.createDirectories(folderPath)
            // Kept out of git by default (see README, "Keeping sources checkable").
            try FileSystem.writeAtomically(
                Array("# WARC captures: kept out of git by default; delete this file to commit them.\n*\n".utf8),
                to: folderPath + "/.gitignore")
        }
        let now = Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        let stamp = now.description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        let name = "annals-\(stamp)-\(String(WARCWriter.uuid().prefix(8))).warc.gz"
        let warcPath = folderPath + "/" + name
        var warc: WARCWriter?
        let fetcher = PageFetcher(limits: limits, userAgent: Self.userAgent)
        // Finding the quotes in a page's text runs on another thread while the next page is
        // fetched; at most `ahead` pages wait for it.
        let textQueue = DispatchQueue(label: "annals.capture.text")
        let ahead = DispatchSemaphore(value: 8)
        let found = FoundQuotes()
        for (n, url) in targets.enumerated() {
            progress("[\(n + 1)/\(targets.count)] \(url)")
            switch fetcher.fetch(url) {
            case .failure(let reason):
                progress("  not captured: \(reason)")
                report.failed.append(.init(url: url, reason: reason))
            case .success(let page):
                let own = Array(Set((quotes[url] ?? []).map(\.quote))).sorted()
                var spec = Self.captureSpec(url: url, page: page, warcFile: name, archiveURL: archiveURLs[url])
                if let problem = Self.unrecordable(spec) {
                    progress("  not captured: \(problem)")
                    report.failed.append(.init(url: url, reason: problem))
                    continue
                }
                if warc == nil {
                    warc = try WARCWriter(path: warcPath, software: Self.userAgent, date: now.description)
                }
                spec.warcRecordID = try Self.write(page, to: warc!)
                progress("  HTTP \(page.status), \(page.body.count) bytes")
                let index = report.captured.count
                report.captured.append(.init(spec: spec, eventID: nil, quotesFound: 0, quotes: own.count))
                ahead.wait()
                let (body, contentType) = (page.body, page.contentType)
                textQueue.async {
                    let text = PageText.text(body: body, contentType: contentType).map(QuoteText.init)
                    let selectors = own.compactMap { text?.locate($0) }
                    found.set(index, selectors)
                    ahead.signal()
                }
            }
        }
        textQueue.sync {}
        var events: [UInt8] = []
        for i in report.captured.indices {
            let selectors = found.get(i)
            report.captured[i].spec.selectors = selectors
            report.captured[i].quotesFound = selectors.count
            events += Self.captureEvent(report.captured[i].spec) + [0x0A]
        }
        guard let warc else { return report }
        try warc.finish()
        report.warcFile = folder + "/" + name
        let outcome: EventLog.AppendOutcome
        do {
            outcome = try append(input: events, recorder: who)
        } catch {
            try? FileSystem.remove(warcPath)
            throw error
        }
        for (i, a) in outcome.appended.enumerated() where i < report.captured.count {
            report.captured[i].eventID = a.id
        }
        return report
    }

    /// The capture of `page` (its WARC record id still to be filled in).
    static func captureSpec(url: String, page: PageFetcher.Page, warcFile: String, archiveURL: String?) -> CaptureSpec {
        CaptureSpec(
            url: url, finalURL: page.finalURL, fetched: page.fetched, status: Int64(page.status),
            contentType: page.contentType.map { String($0.prefix(Limits.nameCharacters)) },
            length: Int64(page.body.count), sha256: Digest.sha256Hex(page.body), warcFile: warcFile,
            warcRecordID: "<urn:uuid:00000000-0000-4000-8000-000000000000>", archiveURL: archiveURL, selectors: [])
    }

    /// Why the capture event of `spec` would not be valid, if it would not.
    static func unrecordable(_ spec: CaptureSpec) -> PageFetcher.Failure? {
        do {
            _ = try EventDecoder.decode(bytes: captureEvent(spec)[...])
            return nil
        } catch let error as ValidationError {
            return .unrecordable(UserText.escaped(error.field + ": " + error.problem, limit: 300))
        } catch {
            return .unrecordable(UserText.escaped(String(describing: error), limit: 300))
        }
    }

    /// Writes each redirect of `page`, as its own exchange, then the page; gives the page's record id.
    static func write(_ page: PageFetcher.Page, to warc: WARCWriter) throws -> String {
        for hop in page.redirects {
            _ = try warc.write(
                targetURI: hop.url, date: hop.fetched.description, ip: hop.ip, request: hop.request,
                responseHead: responseHead(status: hop.status, headers: hop.headers, length: 0), body: [])
        }
        let written = try warc.write(
            targetURI: page.finalURL, date: page.fetched.description, ip: page.ip, request: page.request,
            responseHead: responseHead(status: page.status, headers: page.headers, length: page.body.count),
            body: page.body)
        return written.responseID
    }

    /// The capture event for `spec`, as JSON.
    static func captureEvent(_ spec: CaptureSpec) -> [UInt8] {
        let title = "Capture of " + String(spec.url.prefix(Limits.titleCharacters - 11))
        return CanonicalJSON.encode(
            .object([
                "type": .string("capture"), "title": .string(title), "occurred": .string(spec.fetched.description),
                "sources": .array([.object(["url": .string(spec.url)])]), "capture": spec.json,
            ]))
    }

    /// A response's status line and headers as the client reports them: the body is stored
    /// decoded (and a redirect's not at all), so its encoding and length headers are replaced by
    /// the stored body's `length`.
    static func responseHead(status: Int, headers: [(String, String)], length: Int) -> [UInt8] {
        var head =
            "HTTP/1.1 \(status) \(reasons[status] ?? "")\r\n"
        for (k, v) in headers {
            let key = k.lowercased()
            if key == "content-encoding" || key == "transfer-encoding" || key == "content-length" { continue }
            head += "\(k): \(v.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))\r\n"
        }
        head += "Content-Length: \(length)\r\n\r\n"
        return Array(head.utf8)
    }
}

/// Reason phrases of the statuses most pages answer (RFC 9110); others get none.
private let reasons: [Int: String] = [
    200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content",
    206: "Partial Content", 300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
    408: "Request Timeout", 410: "Gone", 429: "Too Many Requests", 451: "Unavailable For Legal Reasons",
    500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
]

/// The selectors found in each captured page, by its place in the report, filled in from the text thread.
private final class FoundQuotes: @unchecked Sendable {
    private let lock = NSLock()
    private var selectors: [Int: [TextQuoteSelector]] = [:]

    func set(_ index: Int, _ found: [TextQuoteSelector]) { lock.withLock { selectors[index] = found } }
    func get(_ index: Int) -> [TextQuoteSelector] { lock.withLock { selectors[index] ?? [] } }
}
