import Foundation

/// Text as quotes are compared: NFC, curly quotes as straight ones, dashes as '-', every run of
/// whitespace as one space, trimmed. A quote is found in a page when its normalised text occurs
/// in the page's normalised text; it is located with a ``TextQuoteSelector``.
public struct QuoteText: Sendable {
    /// The normalised text, one element per Unicode scalar.
    public let scalars: [Unicode.Scalar]

    public init(_ text: String) {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        // ASCII text is already in NFC, and its whitespace is known without a property lookup.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        for u in (ascii ? text : text.precomposedStringWithCanonicalMapping).unicodeScalars {
            let v = u.value
            let space =
                v < 0x80
                ? v == 0x20 || (0x09...0x0D).contains(v)
                : u.properties.isWhitespace || v == 0xA0 || v == 0x200B || v == 0xFEFF
            if space {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(Self.fold(u))
        }
        scalars = out
    }

    /// Quote marks and dashes folded to their ASCII forms.
    static func fold(_ u: Unicode.Scalar) -> Unicode.Scalar {
        switch u.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0xFF07: "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB, 0xFF02: "\""
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: "-"
        default: u
        }
    }

    public var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }

    /// Every offset where `needle` occurs.
    func occurrences(of needle: [Unicode.Scalar]) -> [Int] {
        guard !needle.isEmpty, needle.count <= scalars.count else { return [] }
        var found: [Int] = []
        let first = needle[0]
        var i = 0
        let last = scalars.count - needle.count
        while i <= last {
            if scalars[i] == first, scalars[i..<(i + needle.count)].elementsEqual(needle) { found.append(i) }
            i += 1
        }
        return found
    }

    /// Locates `quote` in this text: nil when it does not occur; otherwise the selector of the
    /// occurrence whose surroundings best match `near` (a selector stored earlier), else the first.
    public func locate(_ quote: String, near: TextQuoteSelector? = nil) -> TextQuoteSelector? {
        let exact = QuoteText(quote).scalars
        let hits = occurrences(of: exact)
        guard let firstHit = hits.first else { return nil }
        var best = firstHit
        if let near, hits.count > 1 {
            let pre = QuoteText(near.prefix ?? "").scalars
            let suf = QuoteText(near.suffix ?? "").scalars
            func score(_ at: Int) -> Int {
                var n = 0
                while n < pre.count, at - 1 - n >= 0, scalars[at - 1 - n] == pre[pre.count - 1 - n] { n += 1 }
                var m = 0
                let end = at + exact.count
                while m < suf.count, end + m < scalars.count, scalars[end + m] == suf[m] { m += 1 }
                return n + m
            }
            best = hits.max { score($0) < score($1) } ?? firstHit
        }
        return selector(at: best, count: exact.count)
    }

    /// The selector of the `count` scalars at `at`, with up to ``TextQuoteSelector/contextCharacters``
    /// scalars of context either side (left out when blank).
    func selector(at: Int, count: Int) -> TextQuoteSelector {
        let n = TextQuoteSelector.contextCharacters
        func text(_ r: Range<Int>) -> String? {
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars[r])
            let t = String(s)
            return t.allSatisfy(\.isWhitespace) ? nil : t
        }
        let end = at + count
        return TextQuoteSelector(
            exact: text(at..<end) ?? "", prefix: text(max(0, at - n)..<at),
            suffix: text(end..<min(scalars.count, end + n)))
    }
}
