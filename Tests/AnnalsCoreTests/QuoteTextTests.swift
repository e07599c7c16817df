import Testing

@testable import AnnalsCore

@Suite("Quotes in page text")
struct QuoteTextTests {
    static let quote = #"Nvidia said "we don't know" - the chips were never shipped."#

    /// (page text, whether the quote is found)
    static let cases: [(String, Bool)] = [
        ("In a statement, " + quote + " More.", true),
        ("Nvidia  said\n\u{201C}we don\u{2019}t\u{A0}know\u{201D} \u{2014} the chips were never\tshipped.", true),
        ("Nvidia said \"we do not know\" - the chips were never shipped.", false),
        ("", false),
    ]

    @Test(arguments: cases)
    func findsTheQuoteAfterNormalising(_ page: String, _ found: Bool) {
        #expect((QuoteText(page).locate(Self.quote) != nil) == found)
    }

    @Test func selectorKeepsUpTo32CharactersEitherSide() throws {
        let page = String(repeating: "a", count: 40) + " " + Self.quote + " " + String(repeating: "b", count: 40)
        let s = try #require(QuoteText(page).locate(Self.quote))
        #expect(s.exact == Self.quote)
        #expect(s.prefix == String(repeating: "a", count: 31) + " ")
        #expect(s.suffix == " " + String(repeating: "b", count: 31))
    }

    @Test func nfcAndDecomposedFormsMatch() {
        #expect(QuoteText("Le cafe\u{301} ferme").locate("Le caf\u{E9} ferme") != nil)
    }

    @Test func visibleTextLeavesOutScriptsStylesAndTags() {
        let html =
            "<html><head><style>p{}</style><script>var q = 'hidden';</script></head>"
            + "<body><p>we don&#39;t <em>know</em> &amp; <!-- no --> care</p></body></html>"
        let text = QuoteText(PageText.visibleText(html: html)).string
        #expect(text == "we don't know & care")
    }

    @Test func binaryIsNotText() {
        #expect(PageText.text(body: Array(0...255), contentType: "application/octet-stream") == nil)
        #expect(PageText.text(body: [0x43, 0x61, 0x66, 0xE9], contentType: "text/plain; charset=iso-8859-1") == "Café")
    }
}
