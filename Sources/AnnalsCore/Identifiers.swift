/// Identifier rules for entities (`org:anthropic`, `gov:us/bis`, `model:deepseek/v4`),
/// claims (`claim:deepseek-distilled-claude`), bans (`ban:us-h20-licence`) and events (`ev_<32 hex>`).
public enum Identifiers {
    /// Kinds of entity, the prefix of an entity id.
    public static let entityKinds = ["org", "gov", "person", "model", "chip", "country", "group", "product"]

    /// Whether `slug` is lowercase ASCII letters and digits with `-`, `.`, `_` and `/` inside.
    static func isSlug(_ slug: Substring) -> Bool {
        guard let first = slug.utf8.first, isAlnum(first), let last = slug.utf8.last, isAlnum(last) else {
            return false
        }
        return slug.utf8.allSatisfy {
            isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "/")
        }
    }

    static func isAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }

    /// The kind of a well-formed entity id, or nil.
    public static func entityKind(_ id: String) -> String? {
        guard id.utf8.count <= Limits.identifierBytes, let colon = id.firstIndex(of: ":") else { return nil }
        let kind = String(id[..<colon])
        guard entityKinds.contains(kind), isSlug(id[id.index(after: colon)...]) else { return nil }
        return kind
    }

    public static func isPrefixed(_ id: String, _ prefix: String) -> Bool {
        id.utf8.count <= Limits.identifierBytes && id.hasPrefix(prefix + ":") && isSlug(id.dropFirst(prefix.count + 1))
    }

    public static func isEventID(_ id: String) -> Bool {
        id.utf8.count == 35
            && ByteScan.withBytes(id) {
                $0[0] == UInt8(ascii: "e") && $0[1] == UInt8(ascii: "v") && $0[2] == UInt8(ascii: "_")
                    && Digest.isLowerHex(UnsafeBufferPointer(rebasing: $0[3...]))
            }
    }

    /// Turns a free-text name into a slug: `"Moonshot AI"` → `moonshot-ai`.
    public static func slugify(_ name: String) -> String {
        var out = ""
        var dash = false
        for s in name.lowercased().unicodeScalars {
            if (s >= "a" && s <= "z") || (s >= "0" && s <= "9") {
                out.unicodeScalars.append(s)
                dash = false
            } else if !dash && !out.isEmpty {
                out += "-"
                dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }
}
