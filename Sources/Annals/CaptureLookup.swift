import AnnalsCore
import AnnalsProjection
import AnnalsStore

/// The newest capture of each cited URL and what it says of a quote: the one answer
/// `sources check --offline`, `claim`, `show` and the page give. WARC files are read once each.
public final class CaptureLookup {
    /// The newest capture of each URL.
    let captures: [String: CaptureRow]
    /// The archive folder's path.
    let folder: String
    private var warcs: [String: [String: WARCReader.Response]] = [:]
    private var pages: [String: PageView] = [:]

    init(captures: [String: CaptureRow], folder: String) {
        self.captures = captures
        self.folder = folder
    }

    /// What readers are told about `url` and, if given, its `quote`.
    public func status(url: String, quote: String?) -> CaptureStatus {
        guard let capture = captures[url] else { return .notCaptured }
        var captured = CaptureStatus.Captured(
            fetched: capture.fetched, sha256: capture.sha256, status: capture.status, quote: .noQuote, detail: nil,
            archiveURL: capture.archiveURL)
        if let quote, !quote.isEmpty {
            let found = page(url, keep: true).check(quote)
            captured.detail = found.detail
            if found.states.contains(.found) {
                captured.quote = .found
            } else if found.states.contains(.notFound) || found.states.contains(.gone) {
                captured.quote = .notFound
            } else {
                captured.quote = .unchecked
            }
        }
        return .captured(captured)
    }

    /// The page of `url`'s newest capture (kept for later questions when `keep`).
    func page(_ url: String, keep: Bool) -> PageView {
        if let page = pages[url] { return page }
        guard let capture = captures[url] else { return PageView(never: ()) }
        let page = PageView(capture: capture, warc: response(capture))
        if keep { pages[url] = page }
        return page
    }

    private func response(_ capture: CaptureRow) -> WARCReader.Response? {
        if warcs[capture.warcFile] == nil {
            warcs[capture.warcFile] = (try? WARCReader.responses(path: folder + "/" + capture.warcFile)) ?? [:]
        }
        return warcs[capture.warcFile]?[capture.warcRecordID]
    }
}
