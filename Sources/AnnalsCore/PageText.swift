import Foundation

/// The text a reader sees in a fetched page: its bytes decoded (UTF-8, else the charset the
/// server named, else Latin-1), and for HTML the visible text only: no tags, scripts, styles
/// or comments, entities decoded. Deliberately simple; it need only keep a page's words in order.
public enum PageText {
    /// The page's text, or nil when it is not text (an image, a PDF, other binary data).
    public static func text(body: [UInt8], contentType: String?) -> String? {
        let type = (contentType ?? "").lowercased()
        let mime = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let textual =
            mime.isEmpty || mime.hasPrefix("text/") || mime.hasSuffix("+xml") || mime.hasSuffix("/xml")
            || mime == "application/xhtml+xml" || mime == "application/json"
        guard textual, !body.prefix(4096).contains(0) else { return nil }
        let decoded = decode(body, contentType: type)
        let html = mime.contains("html") || (mime.isEmpty && decoded.prefix(512).lowercased().contains("<html"))
        return html ? visibleText(html: decoded) : decoded
    }

    /// UTF-8 if the bytes are valid UTF-8, else the declared charset, else Latin-1 (Windows-1252).
    static func decode(_ body: [UInt8], contentType: String) -> String {
        if let s = String(validating: body, as: UTF8.self) { return s }
        let charset = contentType.components(separatedBy: "charset=").dropFirst().first?
            .split(separator: ";").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }
        let encoding: String.Encoding =
            switch charset {
            case "iso-8859-1", "latin1", "latin-1": .isoLatin1
            case "utf-16": .utf16
            default: .windowsCP1252
            }
        return String(data: Data(body), encoding: encoding) ?? String(decoding: body, as: UTF8.self)
    }

    /// Elements whose content is never shown.
    static let hidden: Set<String> = ["script", "style", "noscript", "template", "head", "svg"]
    /// Elements that do not break a line of text (their tags leave no space behind).
    static let inline: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s",
        "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
    ]

    /// The visible text of an HTML document.
    public static func visibleText(html: String) -> String {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var text = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard s[i] == "<" else {
                text.append(s[i])
                i += 1
                continue
            }
            if s[i...].starts(with: "<!--".unicodeScalars) {
                i = find(s, "-->", from: i + 4).map { $0 + 3 } ?? s.count
                continue
            }
            // A tag: its name, then to its closing '>' (outside quotes).
            var j = i + 1
            let closing = j < s.count && s[j] == "/"
            if closing { j += 1 }
            var name = tagName(s, at: &j)
            if name.isEmpty && !closing && !(j < s.count && (s[j] == "!" || s[j] == "?")) {
                text.append(s[i])  // a lone '<' in text
                i += 1
                continue
            }
            i = tagEnd(s, from: j) + 1
            name = name.lowercased()
            flush(&text, into: &out)
            if !inline.contains(name) { out.append(" ") }
            if !closing, hidden.contains(name) {
                // Skip to the matching end tag.
                let end = find(s, "</" + name, from: i, caseInsensitive: true) ?? s.count
                i = find(s, ">", from: end).map { $0 + 1 } ?? s.count
                out.append(" ")
            }
        }
        flush(&text, into: &out)
        return String(out)
    }

    /// Moves the text gathered so far to `out`, its entities decoded.
    @inline(__always)
    private static func flush(_ text: inout String.UnicodeScalarView, into out: inout String.UnicodeScalarView) {
        guard !text.isEmpty else { return }
        if text.contains("&") {
            out.append(contentsOf: decodeEntities(String(text)).unicodeScalars)
        } else {
            out.append(contentsOf: text)
        }
        text.removeAll(keepingCapacity: true)
    }

    /// The tag name at `j` (letters, digits and '-', as written); `j` ends just past it.
    @inline(__always)
    private static func tagName(_ s: [Unicode.Scalar], at j: inout Int) -> String {
        var name = ""
        while j < s.count, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "-" {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        return name
    }

    /// Where the tag going on at `start` ends: its '>' outside quotes, or `s.count` if it has none.
    @inline(__always)
    private static func tagEnd(_ s: [Unicode.Scalar], from start: Int) -> Int {
        var j = start
        var quote: Unicode.Scalar?
        while j < s.count {
            if let q = quote {
                if s[j] == q { quote = nil }
            } else if s[j] == "\"" || s[j] == "'" {
                quote = s[j]
            } else if s[j] == ">" {
                break
            }
            j += 1
        }
        return j
    }

    static func find(_ s: [Unicode.Scalar], _ what: String, from: Int, caseInsensitive: Bool = false) -> Int? {
        let w = Array((caseInsensitive ? what.lowercased() : what).unicodeScalars)
        guard !w.isEmpty, from <= s.count - w.count else { return nil }
        for k in from...(s.count - w.count) {
            var match = true
            for (n, c) in w.enumerated() {
                var x = s[k + n]
                if caseInsensitive, ("A"..."Z").contains(x) { x = Unicode.Scalar(x.value + 32)! }
                if x != c {
                    match = false
                    break
                }
            }
            if match { return k }
        }
        return nil
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "rsquo": "\u{2019}",
        "lsquo": "\u{2018}", "rdquo": "\u{201D}", "ldquo": "\u{201C}", "mdash": "\u{2014}", "ndash": "\u{2013}",
        "hellip": "\u{2026}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}", "euro": "\u{20AC}",
        "eacute": "\u{E9}", "egrave": "\u{E8}", "aacute": "\u{E1}", "uuml": "\u{FC}", "ouml": "\u{F6}",
        "auml": "\u{E4}", "szlig": "\u{DF}", "ccedil": "\u{E7}", "laquo": "\u{AB}", "raquo": "\u{BB}",
        "middot": "\u{B7}", "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}", "shy": "",
    ]

    /// Decodes `&name;`, `&#NNN;` and `&#xHH;`; unknown entities are left as written.
    public static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(12).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semi]
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                replacement = named[String(name)]
            }
            if let replacement {
                out += replacement
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
