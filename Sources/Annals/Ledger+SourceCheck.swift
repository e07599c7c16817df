import AnnalsAdapters
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import Foundation

/// The state of one quote of one source, as `sources check` reports it.
public enum QuoteState: String, Sendable, CaseIterable {
    /// The quote is in the page (after normalising whitespace, quote marks, dashes and NFC).
    case found
    /// The page answered but the quote is not in its text.
    case notFound = "quote-not-found"
    /// The page's bytes differ from the newest capture's (`--online` only).
    case changed = "page-changed"
    /// 404 or 410, a DNS failure or a timeout.
    case gone = "page-gone"
    /// No capture of the URL is recorded.
    case neverCaptured = "never-captured"
    /// The page could not be checked for another reason (a 5xx, a refused address, too large…).
    case unchecked = "unchecked"

    /// The states `--fail-on` may name.
    public static let problems: [QuoteState] = [.notFound, .changed, .gone, .neverCaptured, .unchecked]
}

/// One quote checked.
public struct QuoteCheck: Sendable {
    public var url: String
    public var quote: String
    public var eventID: String
    /// Every state that applies (a changed page may still hold the quote).
    public var states: [QuoteState]
    public var detail: String?
    /// The newest capture: when, its status and hash.
    public var capturedAt: String?
    public var captureHash: String?
    /// Where the quote was found.
    public var selector: TextQuoteSelector?
}

/// What `sources check` found.
public struct SourceCheckReport: Sendable {
    public var checks: [QuoteCheck] = []
    public var online: Bool
    public func count(_ state: QuoteState) -> Int { checks.filter { $0.states.contains(state) }.count }
}

extension Ledger {
    /// Checks every quote of every source with a URL: against the newest capture (offline), or
    /// against the page as it is now (online, compared with the newest capture's hash too).
    public func checkSources(online: Bool, limits: PageFetcher.Limits, progress: (String) -> Void = { _ in })
        throws -> SourceCheckReport
    {
        let reader = try reader()
        let citations = try reader.quotedCitations()
        let lookup = try captureLookup(reader)
        var report = SourceCheckReport(online: online)
        let fetcher = PageFetcher(limits: limits, userAgent: Self.userAgent)
        let byURL = Dictionary(grouping: citations, by: \.url)
        for (n, url) in byURL.keys.sorted().enumerated() {
            let quotes = byURL[url]!
            let capture = lookup.captures[url]
            let page: PageView
            if online {
                progress("[\(n + 1)/\(byURL.count)] \(url)")
                page = PageView(fetched: fetcher.fetch(url), capture: capture)
            } else {
                page = lookup.page(url, keep: false)
            }
            for q in quotes {
                let found = page.check(q.quote)
                var check = QuoteCheck(
                    url: url, quote: q.quote, eventID: q.eventID, states: found.states, detail: found.detail,
                    capturedAt: capture?.fetched, captureHash: capture?.sha256)
                check.selector = found.selector
                if capture == nil, online { check.states.append(.neverCaptured) }
                report.checks.append(check)
            }
        }
        return report
    }

    /// What the readers (`claim`, `show`, the page) say of cited URLs, from `reader`'s captures.
    public func captureLookup(_ reader: Reader) throws -> CaptureLookup {
        CaptureLookup(captures: try reader.latestCaptures(), folder: layout.root + "/" + (try archiveFolder()))
    }

    /// The capture status of each of `record`'s sources, in order (nil for a source without a URL).
    public func captures(of record: Record) throws -> [CaptureStatus?] {
        let lookup = try captureLookup(try reader())
        return record.event.sources.map { s in s.url.map { lookup.status(url: $0, quote: s.quote) } }
    }
}

/// A page as a check sees it: its text (if any), the states that apply to every quote of it,
/// and the selectors its capture stored.
struct PageView {
    var text: QuoteText?
    var states: [QuoteState] = []
    var detail: String?
    /// The selectors the capture stored, by their normalised exact text (the first of each).
    var storedByText: [String: TextQuoteSelector] = [:]

    init(never: Void) {
        states = [.neverCaptured]
    }

    /// The newest capture, with its WARC record if the archive holds it.
    init(capture: CaptureRow, warc: WARCReader.Response?) {
        for s in Self.selectors(capture) where storedByText[QuoteText(s.exact).string] == nil {
            storedByText[QuoteText(s.exact).string] = s
        }
        if let status = Self.goneStatus(capture.status) {
            states = [.gone]
            detail = "HTTP \(status) when captured"
            return
        }
        guard (200..<400).contains(capture.status) else {
            states = [.unchecked]
            detail = "HTTP \(capture.status) when captured"
            return
        }
        guard let warc else {
            detail = "\(capture.warcFile) is not in the archive folder; using the quotes found when captured"
            return
        }
        guard Digest.sha256Hex(warc.payload) == capture.sha256 else {
            states = [.unchecked]
            detail = "the archived body's SHA-256 differs from the capture event's: the WARC file was altered"
            return
        }
        text = PageText.text(body: warc.payload, contentType: capture.contentType).map(QuoteText.init)
    }

    /// The page as fetched now, compared with the newest capture.
    init(fetched: Result<PageFetcher.Page, PageFetcher.Failure>, capture: CaptureRow?) {
        switch fetched {
        case .failure(let f):
            states = [f.isGone ? .gone : .unchecked]
            detail = f.description
        case .success(let page):
            if let status = Self.goneStatus(Int64(page.status)) {
                states = [.gone]
                detail = "HTTP \(status)"
                return
            }
            guard (200..<400).contains(page.status) else {
                states = [.unchecked]
                detail = "HTTP \(page.status)"
                return
            }
            if let capture, Digest.sha256Hex(page.body) != capture.sha256 {
                states = [.changed]
                detail = "the page differs from its capture of \(capture.fetched)"
            }
            text = PageText.text(body: page.body, contentType: page.contentType).map(QuoteText.init)
        }
    }

    /// The states of `quote` in this page, where it was found, and why not when there is more to say.
    func check(_ quote: String) -> (states: [QuoteState], selector: TextQuoteSelector?, detail: String?) {
        guard states.isEmpty || states == [.changed] else { return (states, nil, detail) }
        var selector: TextQuoteSelector?
        if let text {
            selector = text.locate(quote, near: storedSelector(for: quote))
        } else {
            selector = storedSelector(for: quote)
        }
        var detail = self.detail
        if selector == nil, text == nil, detail == nil { detail = "the page is not text" }
        return (states + [selector == nil ? .notFound : .found], selector, detail)
    }

    static func goneStatus(_ status: Int64) -> Int64? { status == 404 || status == 410 ? status : nil }

    static func selectors(_ capture: CaptureRow) -> [TextQuoteSelector] {
        guard case .array(let items)? = try? JSONParser.parse(Array(capture.selectors.utf8)[...]) else { return [] }
        return items.compactMap { item in
            guard let exact = item["exact"]?.stringValue else { return nil }
            return TextQuoteSelector(
                exact: exact, prefix: item["prefix"]?.stringValue, suffix: item["suffix"]?.stringValue)
        }
    }

    /// The selector the capture stored for `quote` (same normalised text), if any.
    func storedSelector(for quote: String) -> TextQuoteSelector? {
        storedByText[QuoteText(quote).string]
    }
}
