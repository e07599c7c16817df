/// What a ledger says about itself in `ledger.json`, for the page and the exports to show:
/// its title, a description and the publisher that stands behind its assessments. Each is
/// optional; without them the page and exports fall back to plain words and the ledger's origin.
public struct LedgerWords: Sendable, Equatable {
    /// The ledger's title, e.g. "Riverside water record".
    public var title: String?
    /// What the ledger records, in a sentence or a short paragraph.
    public var description: String?
    /// Who publishes the ledger (a newsroom, a group): JSON-LD names it as the author of ClaimReviews.
    public var publisher: String?
    /// The ledger's language (a canonical BCP 47 tag): the page shows entity names in it first.
    public var language: String?

    public init(title: String? = nil, description: String? = nil, publisher: String? = nil, language: String? = nil) {
        self.title = title
        self.description = description
        self.publisher = publisher
        self.language = language
    }

    /// The keys of ledger.json these come from, each with the most UTF-8 bytes it may hold and
    /// whether it may span lines.
    public static let keys: [(key: String, maxBytes: Int, multiline: Bool)] = [
        ("title", 200, false), ("description", 2000, true), ("publisher", 200, false), ("language", 35, false),
    ]

    /// The title the page and exports show: `title`, else "Annals: ORIGIN" (or "Annals ledger").
    public func heading(origin: String?) -> String { title ?? origin.map { "Annals: " + $0 } ?? "Annals ledger" }

    /// Why `text` cannot be the value of `key` (nil when it can): empty, over `maxBytes`, or holding
    /// control characters (a line break only where `multiline`), C1 controls or bidirectional overrides.
    public static func problem(_ text: String, maxBytes: Int, multiline: Bool) -> String? {
        if text.allSatisfy(\.isWhitespace) { return "is empty" }
        if text.utf8.count > maxBytes { return "is \(text.utf8.count) bytes long, more than \(maxBytes)" }
        for u in text.unicodeScalars {
            let v = u.value
            if multiline && v == 0x0A { continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                return multiline ? "holds a control character (only line breaks may)" : "holds a control character"
            }
        }
        return nil
    }
}
