/// User text quoted in a message (a value, a header, a mapping key, a checkpoint's origin, a
/// path): control, C1, line-separator, bidi and other invisible characters are shown as
/// `\u{…}` escapes and the text is capped with an ellipsis, so a message can neither rewrite
/// the terminal, be rearranged, hide what was refused, nor grow without bound.
public enum UserText {
    /// How many characters of user text a message quotes by default.
    public static let defaultLimit = 80

    /// `text` escaped, capped at `limit` characters and put in double quotes.
    public static func quoted(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        "\"" + escaped(text, limit: limit) + "\""
    }

    /// `text` escaped and capped at `limit` characters, without quotes (for a path or a name in
    /// running text).
    public static func escaped(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            if needsEscape(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `bytes` (which need not be UTF-8) escaped and capped like ``escaped(_:limit:)``.
    public static func escaped(bytes: some Sequence<UInt8>, limit: Int = defaultLimit) -> String {
        escaped(String(decoding: Array(bytes.prefix(limit * 4)), as: UTF8.self), limit: limit)
    }

    /// Whether a scalar is shown as an escape: C0 and C1 controls, DEL, line and paragraph
    /// separators, and default-ignorable characters (bidi controls, zero-width characters…).
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 || TextRules.isDefaultIgnorable(scalar)
    }
}
