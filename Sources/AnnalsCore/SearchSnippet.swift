/// A search snippet shown in the original text: FTS5 makes the snippet on the prepared text the
/// index holds (see ``SearchText``), with ``open``, ``close`` and ``ellipsis`` as its marks; this
/// finds the same terms in the original and marks them there with `[`, `]` and `…`.
public enum SearchSnippet {
    /// The marks to give FTS5's `snippet()`.
    public static let open = "\u{1}"
    public static let close = "\u{2}"
    public static let ellipsis = "\u{3}"

    /// The snippet in the original text of whichever of `originals` (title, summary, quotes) the
    /// prepared snippet came from; the prepared snippet with ordinary marks when none matches.
    public static func original(_ prepared: String, in originals: [String?]) -> String {
        let marked = Marked(prepared)
        for text in originals {
            guard let text else { continue }
            let tokens = SearchText.tokens(text)
            if let start = marked.start(in: tokens.map(\.term)) {
                return render(marked, tokens: tokens, from: start, in: text)
            }
        }
        return
            prepared
            .replacingOccurrences(of: open, with: "[").replacingOccurrences(of: close, with: "]")
            .replacingOccurrences(of: ellipsis, with: "…")
    }

    /// A prepared snippet read back: its terms, which of them are marked (as runs), and whether
    /// text was left out before and after.
    struct Marked {
        var terms: [String] = []
        var runs: [ClosedRange<Int>] = []
        var cutBefore = false
        var cutAfter = false

        init(_ snippet: String) {
            var text = Substring(snippet)
            if text.hasPrefix(ellipsis) {
                cutBefore = true
                text = text.dropFirst()
            }
            if text.hasSuffix(ellipsis) {
                cutAfter = true
                text = text.dropLast()
            }
            var openAt: Int?
            for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
                var term = piece
                if term.hasSuffix(".") { term = term.dropLast() }
                if term.hasPrefix(open) {
                    openAt = terms.count
                    term = term.dropFirst()
                }
                let closes = term.hasSuffix(close)
                if closes { term = term.dropLast() }
                terms.append(String(term))
                if closes, let o = openAt {
                    runs.append(o...(terms.count - 1))
                    openAt = nil
                }
            }
        }

        /// Where these terms start in `all`, given what was left out before and after.
        func start(in all: [String]) -> Int? {
            guard !terms.isEmpty, terms.count <= all.count else { return nil }
            for a in 0...(all.count - terms.count) {
                if !cutBefore && a > 0 { return nil }
                let b = a + terms.count
                if !cutAfter && b != all.count { continue }
                if all[a..<b].elementsEqual(terms) { return a }
            }
            return nil
        }
    }

    private static func render(_ marked: Marked, tokens: [SearchText.Token], from a: Int, in text: String) -> String {
        let b = a + marked.terms.count - 1
        var spans: [Range<String.Index>] = []
        for run in marked.runs {
            let span = tokens[a + run.lowerBound].range.lowerBound..<tokens[a + run.upperBound].range.upperBound
            if let last = spans.last, span.lowerBound < last.upperBound {
                spans[spans.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                spans.append(span)
            }
        }
        var out = marked.cutBefore ? "…" : String(text[..<tokens[a].range.lowerBound])
        var at = tokens[a].range.lowerBound
        let end = tokens[b].range.upperBound
        for span in spans {
            out += text[at..<span.lowerBound] + "[" + text[span] + "]"
            at = span.upperBound
        }
        out += text[at..<end]
        out += marked.cutAfter ? "…" : String(text[end...])
        return out
    }
}
