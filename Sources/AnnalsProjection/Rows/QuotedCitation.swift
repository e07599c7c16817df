/// A quote an event takes from a source with a URL, in the moment's state.
public struct QuotedCitation: ProjectionRow, Equatable {
    public var url: String
    public var quote: String
    public var eventSeq: Int64
    public var eventID: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case url, quote
        case eventSeq = "event_seq"
        case eventID = "event_id"
    }
}
