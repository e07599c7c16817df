import Foundation

extension PostgresConnection {
    /// `text` with every password hidden as `***`: the passwords `url` carries (in its user part
    /// or a `password=` parameter, as written and percent-decoded) wherever they appear verbatim
    /// (libpq quotes a URL it cannot parse), then any URL's `user:password@` and any
    /// `password=value` (plain or quoted, as in a query string or a keyword/value conninfo).
    /// The one helper for every message that may carry a connection string or libpq's text.
    public static func redact(_ text: String, hiding url: String? = nil) -> String {
        var result = text
        for secret in url.map(passwords) ?? [] where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        result = result.replacingOccurrences(
            of: #"(://[^:/@\s]*):[^\s]*@"#, with: "$1:***@", options: .regularExpression)
        result = result.replacingOccurrences(
            of: #"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^&\s]*)"#, with: "$1***", options: .regularExpression)
        return result
    }

    /// The passwords a connection string holds, as written and percent-decoded, longest first.
    static func passwords(in url: String) -> [String] {
        var found: [String] = []
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            // libpq takes the user part up to the first @ before any /; a careless URL may hold more @s.
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            for at in [authority.firstIndex(of: "@"), authority.lastIndex(of: "@")].compactMap({ $0 }) {
                if let colon = authority[..<at].firstIndex(of: ":") {
                    found.append(String(authority[authority.index(after: colon)..<at]))
                }
            }
        }
        let pattern = #"(?i)password\s*=\s*('(?:[^'\\]|\\.)*'|[^&\s]*)"#
        var search = url.startIndex..<url.endIndex
        while let match = url.range(of: pattern, options: .regularExpression, range: search) {
            let value = url[match].drop { $0 != "=" }.dropFirst().trimmingCharacters(in: .whitespaces)
            found.append(value)
            if value.hasPrefix("'") { found.append(String(value.dropFirst().dropLast())) }
            search = match.upperBound..<url.endIndex
        }
        found += found.compactMap { $0.removingPercentEncoding }
        return Array(Set(found.filter { !$0.isEmpty && $0 != "''" })).sorted { $0.count > $1.count }
    }
}
