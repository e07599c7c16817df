/// A source as one event cites it: the source's fields and the event's quote from it.
public struct CitedSource: ProjectionRow, Equatable {
    public var eventSeq: Int64
    public var publisher: String?
    public var title: String?
    public var url: String?
    public var published: String?
    public var quote: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case publisher, title, url, published, quote
    }
}
