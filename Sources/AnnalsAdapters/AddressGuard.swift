import AnnalsCore
import Foundation

/// Resolves a host and refuses it when any of its addresses is not globally reachable by IANA's
/// special-purpose registries (``AddressRegistry``): a ledger's URLs are untrusted input, and
/// fetching them must not reach the machine's own services or its local network.
///
/// The check runs before each request and each redirect, and gives the one address the request
/// may connect to: the HTTP client is pinned to it and checks again, at the moment it opens the
/// socket, that it connects there (so a name that resolves elsewhere the second time, DNS
/// rebinding, is never fetched).
enum AddressGuard {
    enum Verdict: Equatable {
        /// The host's first address: the one to connect to.
        case allowed(Address)
        case refused(String)
        case unresolved
    }

    struct Address: Equatable {
        /// 4 bytes (IPv4) or 16 (IPv6).
        var bytes: [UInt8]
        var text: String { IPAddressText.format(bytes) }
    }

    /// `host` as in a URL: a name, a dotted IPv4 address, or an IPv6 address with or without brackets.
    static func check(host: String, allowPrivate: Bool) -> Verdict {
        let addresses = resolve(host)
        guard let first = addresses.first else { return .unresolved }
        if !allowPrivate, let bad = addresses.first(where: { !AddressRegistry.isGloballyReachable($0.bytes) }) {
            return .refused(bad.text)
        }
        return .allowed(first)
    }

    static func resolve(_ host: String) -> [Address] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard !name.isEmpty, getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var out: [Address] = []
        var p = list
        while let ai = p {
            if let sa = ai.pointee.ai_addr, let bytes = addressBytes(sa), !out.contains(Address(bytes: bytes)) {
                out.append(Address(bytes: bytes))
            }
            p = ai.pointee.ai_next
        }
        return out
    }

    /// The address bytes of an IPv4 or IPv6 socket address; nil for another family.
    static func addressBytes(_ sa: UnsafePointer<sockaddr>) -> [UInt8]? {
        switch Int32(sa.pointee.sa_family) {
        case AF_INET:
            var a = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            return withUnsafeBytes(of: &a) { Array($0) }
        case AF_INET6:
            var a = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            return withUnsafeBytes(of: &a) { Array($0) }
        default:
            return nil
        }
    }
}
