import AnnalsCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches cited pages with Foundation's URLSession (FoundationNetworking on Linux: it ships
/// with the Swift toolchain, so Annals takes on no new dependency), within bounds: a timeout per
/// request, a redirect limit, a byte limit per page (reading stops beyond it), a pause between
/// requests to the same host, a User-Agent naming Annals, and no private addresses unless allowed.
public final class PageFetcher: @unchecked Sendable {
    public struct Limits: Sendable {
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
    }

    /// One redirect (a 3xx answer) on the way to a page: its URL, status and headers (the client
    /// does not hand over a redirect's body), when it came, and the request that asked for it.
    public struct Redirect: Sendable {
        public var url: String
        public var status: Int
        public var headers: [(String, String)]
        public var ip: String?
        public var fetched: Timestamp
        public var request: [UInt8]
    }

    /// Why a page could not be fetched.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case badURL
        case unresolved(host: String)
        case refusedAddress(host: String, address: String)
        case timeout(seconds: Double)
        case tooManyRedirects(limit: Int)
        case redirectLoop(url: String)
        case tooLarge(limit: Int)
        case network(String)

        public var description: String {
            switch self {
            case .badURL: "not an http(s) URL"
            case .unresolved(let host): "DNS failure: \(host) does not resolve"
            case .refusedAddress(let host, let address):
                "refused: \(host) resolves to \(address), a private, loopback or link-local address "
                    + "(pass --allow-private to fetch it)"
            case .timeout(let s): "timed out after \(Self.seconds(s)) s"
            case .tooManyRedirects(let n): "more than \(n) redirects"
            case .redirectLoop(let url): "redirect loop back to \(url)"
            case .tooLarge(let n): "larger than the limit of \(n) bytes"
            case .network(let m): "network error: \(m)"
            }
        }

        static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }

        /// A page that is gone rather than out of reach for a moment.
        public var isGone: Bool {
            switch self {
            case .unresolved, .timeout: true
            default: false
            }
        }
    }

    public let limits: Limits
    public let userAgent: String
    private var lastRequest: [String: Date] = [:]
    /// One session for every request (making one costs more than fetching a small page); each
    /// task's answer goes to its own ``FetchDelegate``.
    private let session: URLSession
    private let router = TaskRouter()

    public init(limits: Limits, userAgent: String) {
        self.limits = limits
        self.userAgent = userAgent
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = limits.timeout
        config.timeoutIntervalForResource = limits.timeout
        config.httpCookieStorage = nil
        config.urlCache = nil
        session = URLSession(configuration: config, delegate: router, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// Fetches `url`, waiting first if the same host was asked less than `limits.delay` ago.
    public func fetch(_ url: String) -> Result<Page, Failure> {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = u.host
        else { return .failure(.badURL) }
        var ip: String?
        switch AddressGuard.check(host: host, allowPrivate: limits.allowPrivate) {
        case .unresolved: return .failure(.unresolved(host: host))
        case .refused(let a): return .failure(.refusedAddress(host: host, address: a))
        case .allowed(let a): ip = a
        }
        if let last = lastRequest[host.lowercased()] {
            let wait = limits.delay - Date().timeIntervalSince(last)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        defer { lastRequest[host.lowercased()] = Date() }

        var request = URLRequest(
            url: u, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData, timeoutInterval: limits.timeout)
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("*/*", forHTTPHeaderField: "Accept")
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        let delegate = FetchDelegate(limits: limits, start: u)
        let task = session.dataTask(with: request)
        router.add(task, delegate)
        defer {
            task.cancel()
            router.remove(task)
        }
        let started = Date()
        task.resume()
        // The session's own timeout, with a margin; a server that trickles bytes is cut off here.
        if delegate.done.wait(timeout: .now() + limits.timeout + 2) == .timedOut {
            return .failure(.timeout(seconds: limits.timeout))
        }
        let state = delegate.snapshot()
        if let failure = state.failure { return .failure(failure) }
        if let error = state.error {
            let ns = error as NSError
            if ns.code == NSURLErrorTimedOut || Date().timeIntervalSince(started) >= limits.timeout {
                return .failure(.timeout(seconds: limits.timeout))
            }
            if ns.code == NSURLErrorCannotFindHost || ns.code == NSURLErrorDNSLookupFailed {
                return .failure(.unresolved(host: host))
            }
            return .failure(.network(ns.localizedDescription))
        }
        guard let response = state.response else { return .failure(.network("no response")) }
        let finalURL = response.url ?? state.current
        let redirects = state.hops.enumerated().map { n, hop in
            Redirect(
                url: hop.url.absoluteString, status: hop.response.statusCode, headers: Self.headers(hop.response),
                ip: n == 0 ? ip : nil, fetched: Timestamp(secondsSinceEpoch: Int64(hop.at.timeIntervalSince1970)),
                request: requestHead(hop.url))
        }
        return .success(
            Page(
                url: url, finalURL: finalURL.absoluteString, status: response.statusCode,
                headers: Self.headers(response), body: state.body, ip: state.redirected ? nil : ip,
                fetched: Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)),
                request: requestHead(finalURL), redirects: redirects))
    }

    /// The request as sent for `url`.
    func requestHead(_ url: URL) -> [UInt8] {
        Array(
            ("GET \(Self.target(of: url)) HTTP/1.1\r\nHost: \(Self.hostHeader(url))\r\n"
                + "User-Agent: \(userAgent)\r\nAccept: */*\r\nAccept-Encoding: identity\r\n\r\n").utf8)
    }

    /// A response's headers, sorted by name.
    static func headers(_ response: HTTPURLResponse) -> [(String, String)] {
        response.allHeaderFields.compactMap { (k, v) -> (String, String)? in
            guard let k = k as? String, let v = v as? String else { return nil }
            return (k, v)
        }.sorted { $0.0.lowercased() < $1.0.lowercased() }
    }

    static func target(of url: URL) -> String {
        let path = url.path.isEmpty ? "/" : url.path
        return path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed).map { p in
            p + (url.query.map { "?" + $0 } ?? "")
        } ?? "/"
    }

    static func hostHeader(_ url: URL) -> String {
        (url.host ?? "") + (url.port.map { ":\($0)" } ?? "")
    }
}

/// Collects one task's answer, enforcing the redirect and size limits as it comes in.
final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private let limits: PageFetcher.Limits
    private var body: [UInt8] = []
    private var response: HTTPURLResponse?
    private var failure: PageFetcher.Failure?
    private var error: Error?
    private var visited: [String]
    private var current: URL
    private var finished = false
    /// The redirects followed: from where, the 3xx answer, when.
    private var hops: [(url: URL, response: HTTPURLResponse, at: Date)] = []

    init(limits: PageFetcher.Limits, start: URL) {
        self.limits = limits
        self.visited = [start.absoluteString]
        self.current = start
    }

    struct State {
        var body: [UInt8]
        var response: HTTPURLResponse?
        var failure: PageFetcher.Failure?
        var error: Error?
        var current: URL
        var redirected: Bool
        var hops: [(url: URL, response: HTTPURLResponse, at: Date)]
    }

    func snapshot() -> State {
        lock.withLock {
            State(
                body: body, response: response, failure: failure, error: error, current: current,
                redirected: visited.count > 1, hops: hops)
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        let next = request.url
        let verdict: PageFetcher.Failure? = lock.withLock {
            guard let next, let host = next.host, let scheme = next.scheme?.lowercased(),
                scheme == "http" || scheme == "https"
            else { return .badURL }
            if visited.contains(next.absoluteString) { return .redirectLoop(url: next.absoluteString) }
            if visited.count > limits.redirects { return .tooManyRedirects(limit: limits.redirects) }
            visited.append(next.absoluteString)
            hops.append((current, response, Date()))
            current = next
            switch AddressGuard.check(host: host, allowPrivate: limits.allowPrivate) {
            case .unresolved: return .unresolved(host: host)
            case .refused(let a): return .refusedAddress(host: host, address: a)
            case .allowed: return nil
            }
        }
        if let verdict {
            lock.withLock { failure = verdict }
            completionHandler(nil)
            task.cancel()
        } else {
            completionHandler(request)
        }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let tooLarge = response.expectedContentLength > Int64(limits.bytes)
        lock.withLock {
            self.response = response as? HTTPURLResponse
            if tooLarge { failure = .tooLarge(limit: limits.bytes) }
        }
        completionHandler(tooLarge ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over: Bool = lock.withLock {
            guard failure == nil else { return true }
            if body.count + data.count > limits.bytes {
                failure = .tooLarge(limit: limits.bytes)
                return true
            }
            body.append(contentsOf: data)
            return false
        }
        if over { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let first: Bool = lock.withLock {
            if self.error == nil { self.error = error }
            defer { finished = true }
            return !finished
        }
        if first { done.signal() }
    }
}

/// The session's delegate: hands each task's callbacks to the task's own ``FetchDelegate``.
final class TaskRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var delegates: [Int: FetchDelegate] = [:]

    func add(_ task: URLSessionTask, _ delegate: FetchDelegate) {
        lock.withLock { delegates[task.taskIdentifier] = delegate }
    }

    func remove(_ task: URLSessionTask) { _ = lock.withLock { delegates.removeValue(forKey: task.taskIdentifier) } }

    private func delegate(_ task: URLSessionTask) -> FetchDelegate? { lock.withLock { delegates[task.taskIdentifier] } }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        guard let d = delegate(task) else { return completionHandler(nil) }
        d.urlSession(
            session, task: task, willPerformHTTPRedirection: response, newRequest: request,
            completionHandler: completionHandler)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        guard let d = delegate(dataTask) else { return completionHandler(.cancel) }
        d.urlSession(session, dataTask: dataTask, didReceive: response, completionHandler: completionHandler)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        delegate(dataTask)?.urlSession(session, dataTask: dataTask, didReceive: data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        delegate(task)?.urlSession(session, task: task, didCompleteWithError: error)
    }
}
