import AnnalsTestSupport
import Testing

@testable import AnnalsCore

/// `SearchText.prepare` has a byte path for all-ASCII text (every title, summary and quote of an
/// English ledger goes through it on a rebuild); it must give exactly what the term-by-term path gives.
@Suite("Search text: the ASCII path agrees with the general one")
struct SearchTextASCIITests {
    @Test(arguments: [
        "", " ", "Hello", "Hello, World", "Ends here. Next one", "Ratio: 3:2 at 10.5 percent", "a.b", "a. b",
        "a :\tb", "trailing space ", "  lead", "x.\n\ny", "MiXeD Case_and-dashes", "123 456", "!!!", "a", "e.g. this",
        "The board said: \"no\". Then", "tab\tand\r\nnewline",
    ])
    func knownTexts(text: String) {
        #expect(SearchText.prepare(text) == SearchText.prepareByTerms(text), "\(text)")
    }

    @Test func randomTexts() {
        let alphabet = Array("aZ09 .:\t\n\r,;-_!?\"'()[]@`{~".utf8)
        var rng = SplitMix(seed: 33)
        for _ in 0..<2_000 {
            let count = Int.random(in: 0..<60, using: &rng)
            let bytes = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(SearchText.prepare(text) == SearchText.prepareByTerms(text), "\(text.debugDescription)")
        }
    }
}

/// A query word whose prepared term keeps a '"' still gives MATCH text FTS5 can parse: the quote is doubled.
@Suite("Search text: MATCH text quotes its terms")
struct SearchMatchTextTests {
    @Test(arguments: ["\u{0D4E}\"", "a\u{0D4E}\"b", "plain"])
    func quotesAreDoubled(query: String) {
        // Counted in scalars: a prepended mark and a '"' make one Character.
        let match = Array(SearchText.matchText(query).unicodeScalars)
        #expect(match.first == "\"" && match.last == "\"", "\(match)")
        // Inside the phrase, quotes come in pairs (doubled).
        var inner = match.dropFirst().dropLast()[...]
        while let q = inner.firstIndex(of: "\"") {
            #expect(inner.count > q - inner.startIndex + 1 && inner[q + 1] == "\"", "\(match)")
            inner = inner[min(q + 2, inner.endIndex)...]
        }
    }
}
