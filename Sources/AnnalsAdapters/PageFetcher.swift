import AnnalsCore
import AnnalsSystem
import Foundation

/// Fetches cited pages within bounds: a total deadline per page (redirects included), a redirect
/// limit, a byte limit per page counted after decoding (reading stops beyond it), a pause
/// between requests to the same host, a User-Agent naming Annals, http and https only, and only
/// globally reachable addresses unless private ones are allowed. Each redirect is followed here,
/// not by the client, so that each is checked like the first request.
public final class PageFetcher: @unchecked Sendable {
    public struct Limits: Sendable {
        /// Seconds for a whole page, redirects included.
        public var timeout: Double = 30
        public var redirects = 5
        public var bytes = 10 << 20
        /// Seconds between two requests to the same host.
        public var delay: Double = 1
        public var allowPrivate = false
        public init() {}
    }

    /// A page as it came back.
    public struct Page: Sendable {
        public var url: String
        public var finalURL: String
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var ip: String?
        public var fetched: Timestamp
        public var request: [UInt8]
        /// The redirects followed to get here, in order.
        public var redirects: [Redirect] = []
        public var contentType: String? { headers.first { $0.0.lowercased() == "content-type" }?.1 }

        public init(
            url: String, finalURL: String, status: Int, headers: [(String, String)], body: [UInt8], ip: String?,
            fetched: Timestamp, request: [UInt8], redirects: [Redirect] = []
        ) {
            self.url = url
            self.finalURL = finalURL
            self.status = status
            self.headers = headers
            self.body = body
            self.ip = ip
            self.fetched = fetched
            self.request = request
            self.redirects = redirects
        }
    }

    /// One redirect (a 3xx answer) on the way to a page: its URL, status and headers (its body
    /// is not read), when it came, and the request that asked for it.
    public struct Redirect: Sendable {
        public var url: String
        public var status: Int
        public var headers: [(String, String)]
        public var ip: String?
        public var fetched: Timestamp
        public var request: [UInt8]

        public init(
            url: String, status: Int, headers: [(String, String)], ip: String?, fetched: Timestamp, request: [UInt8]
        ) {
            self.url = url
            self.status = status
            self.headers = headers
            self.ip = ip
            self.fetched = fetched
            self.request = request
        }
    }

    public let limits: Limits
    public let userAgent: String
    private var lastRequest: [String: Date] = [:]
    private let client: HTTPClient

    public convenience init(limits: Limits, userAgent: String) {
        self.init(limits: limits, userAgent: userAgent, client: CurlClient())
    }

    init(limits: Limits, userAgent: String, client: HTTPClient) {
        self.limits = limits
        self.userAgent = userAgent
        self.client = client
    }

    /// Fetches `url`, following its redirects, waiting first wherever the same host was asked
    /// less than `limits.delay` ago.
    public func fetch(_ url: String) -> Result<Page, Failure> {
        guard let first = client.target(url, base: nil), first.isHTTP else { return .failure(.badURL) }
        let started = ContinuousClock.now
        var current = first
        var visited = [first.url]
        var hops: [Redirect] = []
        while true {
            let address: AddressGuard.Address
            switch check(current) {
            case .failure(let f): return .failure(f)
            case .success(let a): address = a
            }
            pause(before: current.host)
            let left = limits.timeout - Self.seconds(started.duration(to: .now))
            guard left > 0 else { return .failure(.timeout(seconds: limits.timeout)) }
            let request = HTTPRequest(
                target: current, address: address, allowPrivate: limits.allowPrivate, userAgent: userAgent,
                maxBytes: limits.bytes, seconds: left)
            let answer: HTTPAnswer
            switch client.get(request) {
            case .failure(.timeout): return .failure(.timeout(seconds: limits.timeout))
            case .failure(let f): return .failure(f)
            case .success(let a): answer = a
            }
            let now = Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
            guard let location = answer.location else {
                return .success(
                    Page(
                        url: url, finalURL: current.url, status: answer.status, headers: answer.headers,
                        body: answer.body, ip: address.text, fetched: now, request: answer.request,
                        redirects: hops))
            }
            guard hops.count < limits.redirects else { return .failure(.tooManyRedirects(limit: limits.redirects)) }
            let next: HTTPTarget
            switch redirectTarget(location, from: current) {
            case .failure(let f): return .failure(f)
            case .success(let t): next = t
            }
            if visited.contains(next.url) { return .failure(.redirectLoop(url: UserText.escaped(next.url))) }
            visited.append(next.url)
            hops.append(
                Redirect(
                    url: current.url, status: answer.status, headers: answer.headers, ip: address.text, fetched: now,
                    request: answer.request))
            current = next
        }
    }

    /// The address `target` may connect to, or why none.
    private func check(_ target: HTTPTarget) -> Result<AddressGuard.Address, Failure> {
        let host = UserText.escaped(target.host)
        switch AddressGuard.check(host: target.host, allowPrivate: limits.allowPrivate) {
        case .unresolved: return .failure(.unresolved(host: host))
        case .refused(let a): return .failure(.refusedAddress(host: host, address: a))
        case .allowed(let a): return .success(a)
        }
    }

    /// Where a redirect's `Location` leads, when it is a URL the ledger can record and http(s).
    private func redirectTarget(_ location: String, from current: HTTPTarget) -> Result<HTTPTarget, Failure> {
        guard let next = client.target(location, base: current.url) else {
            return .failure(.refusedRedirect(to: UserText.quoted(location), why: "not a URL"))
        }
        guard next.isHTTP else {
            return .failure(
                .refusedRedirect(to: UserText.quoted(location), why: "only http and https are followed"))
        }
        guard Source.isAcceptable(url: next.url) else {
            return .failure(
                .refusedRedirect(
                    to: UserText.quoted(location),
                    why: "not a URL a ledger records (at most \(AnnalsCore.Limits.urlBytes) bytes, no spaces)"))
        }
        return .success(next)
    }

    private func pause(before host: String) {
        let key = host.lowercased()
        if let last = lastRequest[key] {
            let wait = limits.delay - Date().timeIntervalSince(last)
            if wait > 0 { Pause.sleep(seconds: wait) }
        }
        lastRequest[key] = Date()
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
