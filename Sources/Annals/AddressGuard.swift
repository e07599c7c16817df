#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resolves a host and refuses it when any of its addresses is private, loopback, link-local,
/// multicast or otherwise not on the public internet: a ledger's URLs are untrusted input, and
/// fetching them must not reach the machine's own services or its local network.
///
/// The check runs before each request and each redirect. The HTTP client resolves the name
/// again when it connects, so a hostile DNS server could still answer differently then (DNS
/// rebinding); the short time between the two is the remaining exposure.
enum AddressGuard {
    enum Verdict: Equatable {
        /// The host's first address, for the WARC record.
        case allowed(String)
        case refused(String)
        case unresolved
    }

    static func check(host: String, allowPrivate: Bool) -> Verdict {
        let addresses = resolve(host)
        guard let first = addresses.first else { return .unresolved }
        if !allowPrivate, let bad = addresses.first(where: { !isPublic($0) }) { return .refused(bad.text) }
        return .allowed(first.text)
    }

    struct Address {
        var bytes: [UInt8]
        var text: String
    }

    static func resolve(_ host: String) -> [Address] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var out: [Address] = []
        var p = list
        while let ai = p {
            if let sa = ai.pointee.ai_addr {
                var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                if ai.pointee.ai_family == AF_INET {
                    var a = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    let bytes = withUnsafeBytes(of: &a) { Array($0) }
                    inet_ntop(AF_INET, &a, &buf, socklen_t(buf.count))
                    out.append(Address(bytes: bytes, text: String(cString: buf)))
                } else if ai.pointee.ai_family == AF_INET6 {
                    var a = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    let bytes = withUnsafeBytes(of: &a) { Array($0) }
                    inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count))
                    out.append(Address(bytes: bytes, text: String(cString: buf)))
                }
            }
            p = ai.pointee.ai_next
        }
        return out
    }

    /// Whether an IPv4 (4 bytes) or IPv6 (16 bytes) address is a public unicast one.
    static func isPublic(_ a: Address) -> Bool { isPublic(a.bytes) }

    static func isPublic(_ b: [UInt8]) -> Bool {
        if b.count == 4 {
            switch (b[0], b[1]) {
            case (0, _), (10, _), (127, _), (169, 254), (192, 168): return false
            case (100, 64...127), (172, 16...31), (198, 18...19): return false
            case (192, 0) where b[2] == 0: return false
            case (224...255, _): return false
            default: return true
            }
        }
        guard b.count == 16 else { return false }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return isPublic(Array(b[12...])) }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return false }  // :: and ::1
        if b[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
        if b[0] == 0xFF { return false }  // multicast
        return true
    }
}
