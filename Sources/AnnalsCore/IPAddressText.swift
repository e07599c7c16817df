/// IPv4 and IPv6 addresses in text (RFC 4291 section 2.2, including `::` and a trailing dotted
/// IPv4 part) to bytes and back, without the C library: the address table and its tests use it.
public enum IPAddressText {
    /// The 4 or 16 bytes of a dotted IPv4 or a textual IPv6 address; nil when it is neither.
    public static func parse(_ text: String) -> [UInt8]? {
        text.contains(":") ? parseIPv6(text) : parseIPv4(Substring(text))
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let v = UInt8(p),
                p == "0" || !p.hasPrefix("0")
            else { return nil }
            out.append(v)
        }
        return out
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(halves[0]) else { return nil }
        var tail: [UInt8] = []
        if halves.count == 2 {
            guard let t = groups(halves[1]) else { return nil }
            tail = t
            guard head.count + tail.count <= 14 else { return nil }
            return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
        }
        return head.count == 16 ? head : nil
    }

    /// The bytes of colon-separated hexadecimal groups, the last of which may be dotted IPv4.
    private static func groups(_ text: String) -> [UInt8]? {
        guard !text.isEmpty else { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var out: [UInt8] = []
        for (i, p) in parts.enumerated() {
            if i == parts.count - 1, p.contains(".") {
                guard let v4 = parseIPv4(p) else { return nil }
                out += v4
                continue
            }
            guard !p.isEmpty, p.count <= 4, p.allSatisfy(\.isHexDigit), let v = UInt16(p, radix: 16) else {
                return nil
            }
            out += [UInt8(v >> 8), UInt8(v & 0xFF)]
        }
        return out
    }

    /// The address as text: dotted IPv4, or IPv6 in lower-case hexadecimal groups with the
    /// longest run of zero groups (two or more) written `::` (RFC 5952).
    public static func format(_ b: [UInt8]) -> String {
        if b.count == 4 { return b.map(String.init).joined(separator: ".") }
        guard b.count == 16 else { return "?" }
        let g = (0..<8).map { Int(b[2 * $0]) << 8 | Int(b[2 * $0 + 1]) }
        var best = (start: -1, length: 0)
        var i = 0
        while i < 8 {
            var j = i
            while j < 8 && g[j] == 0 { j += 1 }
            if j - i > best.length && j - i >= 2 { best = (i, j - i) }
            i = j == i ? i + 1 : j
        }
        let hex = g.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        let left = hex[..<best.start].joined(separator: ":")
        let right = hex[(best.start + best.length)...].joined(separator: ":")
        return left + "::" + right
    }
}
