import AnnalsCore

/// The language and translations of a quote in the moment's state (only citations that have
/// either): the claim and page views show them beside the quote.
public struct QuoteLanguageRow: ProjectionRow, Equatable {
    public var eventSeq: Int64
    public var eventID: String
    public var position: Int64
    public var url: String?
    public var quote: String?
    /// The quote's BCP 47 tag.
    public var quoteLang: String?
    /// The translations as the projection keeps them (a canonical JSON array), or nil.
    public var translationsJSON: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case eventID = "event_id"
        case position, url, quote
        case quoteLang = "quote_lang"
        case translationsJSON = "translations"
    }

    /// Each translation with its translator.
    public var translations: [Translation] { translationsJSON.map(Translation.list(json:)) ?? [] }

    /// The row of the citation of event `eventID` with this URL and quote, if it has a language
    /// or translations.
    public static func matching(eventID: String, url: String?, quote: String?, in rows: [QuoteLanguageRow])
        -> QuoteLanguageRow?
    {
        guard quote != nil else { return nil }
        return rows.first { $0.eventID == eventID && $0.url == url && $0.quote == quote }
    }

    /// The same, by event seq (for rows that carry the seq, not the id).
    public static func matching(eventSeq: Int64, url: String?, quote: String?, in rows: [QuoteLanguageRow])
        -> QuoteLanguageRow?
    {
        rows.first { $0.eventSeq == eventSeq && $0.url == url && $0.quote == quote }
    }
}
