import AnnalsCore

extension PageFetcher {
    /// Why a page could not be fetched. Texts from the server are already escaped when they get here.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case badURL
        case unresolved(host: String)
        case refusedAddress(host: String, address: String)
        /// The client was about to connect to another address than the one checked.
        case refusedConnect(address: String, checked: String)
        case timeout(seconds: Double)
        case tooManyRedirects(limit: Int)
        case redirectLoop(url: String)
        case refusedRedirect(to: String, why: String)
        case tooLarge(limit: Int)
        case badStatus(Int)
        case badHeader(String)
        /// The page came back but its capture event would not be valid.
        case unrecordable(String)
        case network(String)

        public var description: String {
            switch self {
            case .badURL: "not an http(s) URL"
            case .unresolved(let host): "DNS failure: \(host) does not resolve"
            case .refusedAddress(let host, let address):
                "refused: \(host) resolves to \(address), not a globally reachable address (a private, loopback or "
                    + "link-local address, or another reserved block; pass --allow-private to fetch it)"
            case .refusedConnect(let address, let checked):
                "refused: the connection was about to go to \(address), not to the checked address \(checked)"
            case .timeout(let s): "timed out after \(Self.seconds(s)) s"
            case .tooManyRedirects(let n): "more than \(n) redirects"
            case .redirectLoop(let url): "redirect loop back to \(url)"
            case .refusedRedirect(let to, let why): "redirect to \(to) refused: \(why)"
            case .tooLarge(let n): "larger than the limit of \(n) bytes (after decoding)"
            case .badStatus(let s): "invalid HTTP status \(s) (not from 100 to 599)"
            case .badHeader(let m): "invalid response head: \(m)"
            case .unrecordable(let m): "cannot be recorded: \(m)"
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
}
