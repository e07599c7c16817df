import AnnalsCore

/// The HTTP client the page fetcher drives: one GET at a time, connected to an address the
/// fetcher checked, bounded in bytes (after decoding) and time, never following redirects
/// itself. ``CurlClient`` is the real one; tests can give their own.
protocol HTTPClient {
    /// `reference` made absolute against `base` (an absolute URL when `base` is nil), with the
    /// parts a request needs; nil when it is not a URL the client can read.
    func target(_ reference: String, base: String?) -> HTTPTarget?
    /// One exchange: the answer's head and body, or why there is none.
    func get(_ request: HTTPRequest) -> Result<HTTPAnswer, PageFetcher.Failure>
}

/// A URL as the client reads it.
struct HTTPTarget: Equatable {
    /// The whole URL, as the client will request it.
    var url: String
    /// Lower case.
    var scheme: String
    /// A name, a dotted IPv4 address or a bracketed IPv6 address.
    var host: String
    var port: Int
    var isHTTP: Bool { scheme == "http" || scheme == "https" }
}

struct HTTPRequest {
    var target: HTTPTarget
    /// The checked address: the only one the client may connect to.
    var address: AddressGuard.Address
    var allowPrivate: Bool
    var userAgent: String
    /// The most body bytes, counted after any decoding.
    var maxBytes: Int
    /// Seconds left for the whole exchange (connecting included).
    var seconds: Double
}

/// An answer. A redirect (301, 302, 303, 307 or 308 with a `Location`) is answered as soon as
/// its head is in: its body is not read, and `location` holds where it points.
struct HTTPAnswer {
    var status: Int
    /// Header names and values as received, in order.
    var headers: [(String, String)]
    var body: [UInt8]
    /// The request head as sent.
    var request: [UInt8]
    var location: String?

    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]
}
