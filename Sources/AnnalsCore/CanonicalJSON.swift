/// Canonical JSON (RFC 8785 style, integers only): object keys sorted by UTF-16 code units,
/// no insignificant whitespace, minimal string escaping with lowercase `\u00xx` for control
/// characters. Every byte Annals hashes, logs or diffs is written by this type or by
/// ``CanonicalWriter``, which follows the same rules.
public enum CanonicalJSON {
    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(value, into: &out)
        return out
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): writeInteger(i, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members = object.members
            let order = members.indices.sorted { precedes(members[$0].key, members[$1].key) }
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                writeString(members[i].key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[i].value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The object's keys in canonical order.
    public static func sortedKeys(_ object: JSONObject) -> [String] {
        object.keys.sorted(by: precedes)
    }

    /// Canonical key order: by UTF-16 code units, as RFC 8785 requires. Computed on UTF-8
    /// bytes, whose order agrees with UTF-16's except between supplementary characters
    /// (4-byte lead 0xF0–0xF4) and U+E000–U+FFFF (lead 0xEE–0xEF), which UTF-16 orders the other way.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        var ai = a.utf8.makeIterator()
        var bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                if x == y { continue }
                if x >= 0xF0 && (y == 0xEE || y == 0xEF) { return true }
                if y >= 0xF0 && (x == 0xEE || x == 0xEF) { return false }
                return x < y
            }
        }
    }

    static func writeInteger(_ i: Int64, into out: inout [UInt8]) {
        if i >= 0 && i < 10 {
            out.append(0x30 + UInt8(i))
            return
        }
        out.append(contentsOf: String(i).utf8)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a canonical JSON string literal.
    /// The letter after the backslash for the characters JSON escapes in two bytes (`\"`, `\\`,
    /// `\b`, `\t`, `\n`, `\f`, `\r`); other control characters are written as `\u00XX`.
    @inline(__always)
    static func shortEscape(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x22, 0x5C: b
        case 0x08: UInt8(ascii: "b")
        case 0x09: UInt8(ascii: "t")
        case 0x0A: UInt8(ascii: "n")
        case 0x0C: UInt8(ascii: "f")
        case 0x0D: UInt8(ascii: "r")
        default: nil
        }
    }

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        ByteScan.withBytes(s) { bytes in
            var runStart = 0
            var i = 0
            while true {
                i = ByteScan.firstSpecial(bytes, from: i).index
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
                guard i < bytes.count else { break }
                let b = bytes[i]
                i += 1
                runStart = i
                out.append(0x5C)
                if let short = shortEscape(b) {
                    out.append(short)
                } else {
                    out.append(UInt8(ascii: "u"))
                    out.append(0x30)
                    out.append(0x30)
                    out.append(hexDigits[Int(b >> 4)])
                    out.append(hexDigits[Int(b & 0xF)])
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
