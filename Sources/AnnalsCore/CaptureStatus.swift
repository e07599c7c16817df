/// What readers are told about a cited URL: never captured, or its newest capture (when, its
/// HTTP status, its body's SHA-256) and whether the source's quote is in it. `claim`, `show` and
/// the page all say it in these words; `sources check --offline` decides it.
public enum CaptureStatus: Sendable, Equatable {
    /// Whether the quote is in the newest capture.
    public enum Quote: String, Sendable, CaseIterable {
        case found
        case notFound = "not-found"
        /// The source has no quote to look for.
        case noQuote = "no-quote"
        /// The capture could not be read (another HTTP error, an altered WARC record).
        case unchecked
    }

    /// The newest capture of a URL.
    public struct Captured: Sendable, Equatable {
        /// When the page was fetched (UTC, to the second).
        public var fetched: String
        /// SHA-256 of the body, 64 lowercase hex digits.
        public var sha256: String
        /// The HTTP status of the answer.
        public var status: Int64
        public var quote: Quote
        /// Why the quote is not found or unchecked, when there is more to say.
        public var detail: String?
        public var archiveURL: String?

        public init(
            fetched: String, sha256: String, status: Int64, quote: Quote, detail: String?, archiveURL: String?
        ) {
            self.fetched = fetched
            self.sha256 = sha256
            self.status = status
            self.quote = quote
            self.detail = detail
            self.archiveURL = archiveURL
        }
    }

    case notCaptured
    case captured(Captured)

    /// The characters of the SHA-256 shown in text (the full hash is in `--format json`).
    public static let shortHash = 12

    /// `{"captured":false}`, or `{"captured":true,"fetched":…,"sha256":…,"status":200,"quote":"found",…}`.
    public var json: JSONValue {
        guard case .captured(let c) = self else { return .object(["captured": .bool(false)]) }
        var o: JSONObject = [
            "captured": .bool(true), "fetched": .string(c.fetched), "sha256": .string(c.sha256),
            "status": .integer(c.status), "quote": .string(c.quote.rawValue),
        ]
        if let d = c.detail { o["detail"] = .string(d) }
        if let a = c.archiveURL { o["archive_url"] = .string(a) }
        return .object(o)
    }

    /// One line: "not captured", or "captured 2026-12-01T04:00:00Z (HTTP 200, sha256 0123456789ab…);
    /// quote found in it".
    public var text: String {
        guard case .captured(let c) = self else { return "not captured" }
        var line = "captured \(c.fetched) (HTTP \(c.status), sha256 \(c.sha256.prefix(Self.shortHash))…)"
        switch c.quote {
        case .found: line += "; quote found in it"
        case .notFound: line += "; quote not found in it"
        case .unchecked: line += "; quote unchecked"
        case .noQuote: break
        }
        if let d = c.detail { line += ": \(d)" }
        if let a = c.archiveURL { line += "; also archived at \(a)" }
        return line
    }
}
