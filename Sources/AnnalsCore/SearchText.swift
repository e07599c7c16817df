import Foundation

/// Text as the full-text index holds it, in every script: what the stock tokenizers (`unicode61`
/// in SQLite's FTS5, `simple` in PostgreSQL) then split on spaces. Titles, summaries and quotes
/// are indexed prepared, and queries are prepared by the same function, so both engines find the
/// same words.
///
/// - Words (runs of letters, digits and private-use characters) are put in NFKC, lower-cased
///   (final sigma as sigma), and lose their accents in Latin, Greek and Cyrillic, Hebrew points
///   and Arabic marks and tatweel; Arabic alef forms (أ إ آ ٱ) become ا.
/// - Runs of Han, Hiragana, Katakana and Hangul become overlapping bigrams (`深度求索` →
///   `深度 度求 求索`), as Lucene's CJK analyser does; a lone character stays one term.
/// - Thai has no spaces between words and no dictionary here: its runs become overlapping
///   bigrams of characters (grapheme clusters) too, so a word inside a run is found.
/// - Everything else (symbols, emoji, punctuation) separates words and is not indexed.
///
/// Input past ``maxLength`` UTF-8 bytes is not indexed.
public enum SearchText {
    /// The most UTF-8 bytes of one text that are prepared; the rest is ignored.
    public static let maxLength = 1 << 20

    /// One term of prepared text and where it comes from in the original.
    public struct Token: Sendable, Equatable {
        /// The term as indexed.
        public var term: String
        /// The characters of the original it was made from.
        public var range: Range<String.Index>
    }

    /// `text` prepared for the index or for a query: its terms separated by single spaces, or by
    /// `". "` where the original ends a sentence there ('.' or ':' then white space), so FTS5's
    /// snippets pick the same words as on the original text.
    public static func prepare(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return prepareASCII(text)
        }
        return prepareByTerms(text)
    }

    /// ``prepare(_:)`` through ``scan(_:_:)``: one term at a time, in any script.
    static func prepareByTerms(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(min(text.utf8.count, maxLength) + 16)
        var last: String.Index?
        scan(text) { term, range in
            if let last {
                out.append(endsSentence(text, from: last, to: range.lowerBound) ? ". " : " ")
            }
            out.append(term)
            last = range.upperBound
        }
        return out
    }

    /// ``prepare(_:)`` of an all-ASCII text, byte by byte into one buffer: the same terms and
    /// separators as ``prepareByTerms(_:)`` (letters and digits lower-cased, every other byte a
    /// separator), without a `String` per word. Rebuilds prepare every title, summary and quote.
    private static func prepareASCII(_ text: String) -> String {
        var text = text
        return text.withUTF8 { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole.prefix(maxLength))
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            var i = 0
            var lastEnd: Int?
            while i < bytes.count {
                guard isWordByte(bytes[i]) else {
                    i += 1
                    continue
                }
                if let lastEnd {
                    if endsSentence(bytes, from: lastEnd, to: i) { out.append(0x2E) }
                    out.append(0x20)
                }
                while i < bytes.count, isWordByte(bytes[i]) {
                    let b = bytes[i]
                    out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                    i += 1
                }
                lastEnd = i
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// An ASCII letter or digit: what the ASCII scan keeps in a word.
    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
    }

    /// ``endsSentence(_:from:to:)`` on the bytes of an ASCII text.
    private static func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        guard from < to else { return false }
        let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard isSpace(bytes[to - 1]) else { return false }
        var j = to - 1
        while j >= from, isSpace(bytes[j]) { j -= 1 }
        return j >= from && (bytes[j] == 0x2E || bytes[j] == 0x3A)
    }

    /// Whether the text between two terms is '.' or ':' followed by white space (FTS5's sentence end).
    private static func endsSentence(_ text: String, from: String.Index, to: String.Index) -> Bool {
        guard from < to else { return false }
        let gap = text.utf8[from..<to]
        guard let lastByte = gap.last, lastByte == 0x20 || lastByte == 0x09 || lastByte == 0x0A || lastByte == 0x0D
        else { return false }
        let mark = gap.reversed().first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return mark == 0x2E || mark == 0x3A
    }

    /// The terms of `text` with their ranges in `text`, in order.
    public static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        scan(text) { out.append(Token(term: $0, range: $1)) }
        return out
    }

    /// Calls `emit` with each term and its range in `text`.
    static func scan(_ text: String, _ emit: (String, Range<String.Index>) -> Void) {
        let end = capped(text)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            scanASCII(text, end: end, emit)
        } else {
            scanUnicode(text, end: end, emit)
        }
    }

    /// The end of the part of `text` that is prepared (at most ``maxLength`` bytes).
    private static func capped(_ text: String) -> String.Index {
        guard text.utf8.count > maxLength else { return text.endIndex }
        var cut = text.utf8.index(text.utf8.startIndex, offsetBy: maxLength)
        while cut > text.startIndex, cut.samePosition(in: text) == nil { cut = text.utf8.index(before: cut) }
        return cut
    }

    private static func scanASCII(_ text: String, end: String.Index, _ emit: (String, Range<String.Index>) -> Void) {
        let utf8 = text.utf8
        var start: String.Index?
        var i = utf8.startIndex
        while i < end {
            let b = utf8[i]
            let alnum = (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
            if alnum, start == nil { start = i }
            if !alnum, let s = start {
                emit(String(text[s..<i]).lowercased(), s..<i)
                start = nil
            }
            i = utf8.index(after: i)
        }
        if let s = start { emit(String(text[s..<end]).lowercased(), s..<end) }
    }

    /// What a character is to the scanner.
    private enum Kind: Equatable {
        case separator
        case word
        case bigram(thai: Bool)
    }

    private static func scanUnicode(
        _ text: String, end: String.Index, _ emit: (String, Range<String.Index>) -> Void
    ) {
        var run: [Range<String.Index>] = []
        var runKind = Kind.separator
        func flush() {
            switch runKind {
            case .separator: break
            case .word: emitWord(text, run.first!.lowerBound..<run.last!.upperBound, emit)
            case .bigram: emitBigrams(text, run, emit)
            }
            run.removeAll(keepingCapacity: true)
        }
        var i = text.startIndex
        while i < end {
            let next = text.index(after: i)
            let kind = Self.kind(of: text[i])
            if kind != runKind {
                flush()
                runKind = kind
            }
            if kind != .separator { run.append(i..<next) }
            i = next
        }
        flush()
    }

    private static func kind(of c: Character) -> Kind {
        let base = c.unicodeScalars.first!
        if isCJK(base.value) { return .bigram(thai: false) }
        if (0x0E01...0x0E5B).contains(base.value) { return isWordScalar(base) ? .bigram(thai: true) : .separator }
        if base.value == 0x0640 { return .word }  // tatweel: inside a word, removed
        return c.unicodeScalars.contains(where: isWordScalar) ? .word : .separator
    }

    private static func isWordScalar(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            return true
        default: return false
        }
    }

    /// Han, Hiragana, Katakana and Hangul (with their marks of iteration and length).
    static func isCJK(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3041...0x309F,
            0x30A0...0x30FF, 0x3130...0x318F, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFF66...0xFF9F, 0xFFA0...0xFFDC,
            0x1100...0x11FF, 0x20000...0x3FFFF:
            return true
        default: return false
        }
    }

    private static func emitWord(
        _ text: String, _ range: Range<String.Index>, _ emit: (String, Range<String.Index>) -> Void
    ) {
        let term = fold(text[range])
        if !term.isEmpty { emit(term, range) }
    }

    private static func emitBigrams(
        _ text: String, _ chars: [Range<String.Index>], _ emit: (String, Range<String.Index>) -> Void
    ) {
        let folded = chars.map { fold(text[$0]) }
        guard folded.count > 1 else {
            if let only = folded.first, !only.isEmpty { emit(only, chars[0]) }
            return
        }
        for k in 0..<(folded.count - 1) {
            emit(folded[k] + folded[k + 1], chars[k].lowerBound..<chars[k + 1].upperBound)
        }
    }

    /// NFKC, lower case with final sigma as sigma, and the marks ``isRemovedMark(_:after:)`` names removed.
    static func fold(_ word: Substring) -> String {
        let decomposed = String(word).decomposedStringWithCompatibilityMapping
        var kept = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for u in decomposed.unicodeScalars {
            if isRemovedMark(u, after: previous) { continue }
            kept.append(u.value == 0x0671 ? "\u{0627}" : u)
            previous = u
        }
        return String(kept).precomposedStringWithCanonicalMapping.lowercased().replacingOccurrences(
            of: "ς", with: "σ")
    }

    /// Accents of Latin, Greek and Cyrillic (combining diacritical marks), Hebrew points and
    /// cantillation, Arabic marks (tashkeel, superscript alef) and tatweel. Hamza and madda
    /// marks go only after alef (أ إ آ → ا), so ؤ and ئ stay themselves.
    static func isRemovedMark(_ u: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        switch u.value {
        case 0x0653...0x0655: return previous?.value == 0x0627
        case 0x0300...0x036F, 0x0483...0x0489, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return true
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x200D: return true
        case 0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7: return true
        case 0x0610...0x061A, 0x064B...0x0652, 0x0656...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4,
            0x06E7, 0x06E8, 0x06EA...0x06ED, 0x0640:
            return true
        default: return false
        }
    }
}

extension SearchText {
    /// One word of a query: the phrase of its prepared terms, and whether it ends in `*` (a
    /// prefix on its last term).
    public struct Phrase: Sendable, Equatable {
        public var terms: [String]
        public var prefix: Bool

        public init(terms: [String], prefix: Bool) {
            self.terms = terms
            self.prefix = prefix
        }
    }

    /// The words of a query (split on white space), each prepared; a word with no term (only
    /// punctuation, symbols or stars) is left out.
    public static func phrases(_ query: String) -> [Phrase] {
        query.split(whereSeparator: { $0.isWhitespace }).compactMap { word in
            let prefix = word.hasSuffix("*")
            let terms = tokens(String(prefix ? word.dropLast() : word)).map(\.term)
            return terms.isEmpty ? nil : Phrase(terms: terms, prefix: prefix)
        }
    }

    /// The FTS5 MATCH text of a query: each word a quoted phrase of prepared terms (all must
    /// appear), `*` after a prefix. What to give `MATCH` in the `sqlite3` shell.
    public static func matchText(_ query: String) -> String {
        // A term can keep a '"' (a prepended mark joins it into one character): FTS5 doubles it inside a string.
        phrases(query).map { phrase in
            let terms = phrase.terms.map { $0.replacingOccurrences(of: "\"", with: "\"\"") }
            return "\"" + terms.joined(separator: " ") + "\"" + (phrase.prefix ? "*" : "")
        }
        .joined(separator: " ")
    }
}
