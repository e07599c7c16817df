import AnnalsProjection

/// A source as an event cites it, with the quote the event takes from it.
public struct ExportSource: Sendable, Equatable {
    public var url: String?
    public var publisher: String?
    public var title: String?
    public var published: String?
    public var quote: String?

    public init(url: String?, publisher: String?, title: String?, published: String?, quote: String?) {
        self.url = url
        self.publisher = publisher
        self.title = title
        self.published = published
        self.quote = quote
    }

    init(_ row: CitedSource) {
        self.init(url: row.url, publisher: row.publisher, title: row.title, published: row.published, quote: row.quote)
    }
}
