import AnnalsAdapters
import AnnalsCore
import AnnalsStore
import AnnalsSystem
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
        let fetcher = PageFetcher(limits: limits, userAgent: Self.userAgent)
        return try capture(
            selection, archiveURLs: archiveURLs, fetcher: fetcher, recorder: recorder, progress: progress)
    }

    /// ``capture(_:archiveURLs:limits:recorder:progress:)`` with the pages coming from `fetcher`.
    public func capture(
        _ selection: CaptureSelection, archiveURLs: [String: String], fetcher: any PageFetching,
        recorder: String?, progress: (String) -> Void = { _ in }
    ) throws -> CaptureReport {
        try withoutActuallyEscaping(progress) { progress in
            let capture = SourceCapture(ledger: self, fetcher: fetcher, progress: progress)
            return try capture.run(selection, archiveURLs: archiveURLs, recorder: recorder)
        }
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
