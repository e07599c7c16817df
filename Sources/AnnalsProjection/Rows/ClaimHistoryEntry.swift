/// One line of a claim's history in `annals claim`: a stance or assessment of a standing event,
/// with one of that event's sources (all source fields nil for an event without any).
public struct ClaimHistoryEntry: TabularRow, Equatable {
    public var occurred: String
    /// `stance` or `assessment`.
    public var kind: String
    /// The stance taken (asserts, denies…) or the standing assessed.
    public var stance: String
    public var title: String
    public var eventID: String
    public var note: String?
    /// The event's actors (a JSON array in the query; `entity=role; …` as a cell).
    public var actors: [ActorRole]
    public var publisher: String?
    public var sourceTitle: String?
    public var url: String?
    public var published: String?
    public var quote: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case occurred, kind, stance, title
        case eventID = "event_id"
        case note, actors, publisher
        case sourceTitle = "source_title"
        case url, published, quote
    }

    public func cell(_ column: CodingKeys) -> ResultTable.Cell {
        switch column {
        case .occurred: .text(occurred)
        case .kind: .text(kind)
        case .stance: .text(stance)
        case .title: .text(title)
        case .eventID: .text(eventID)
        case .note: .init(note)
        case .actors: actors.flattened
        case .publisher: .init(publisher)
        case .sourceTitle: .init(sourceTitle)
        case .url: .init(url)
        case .published: .init(published)
        case .quote: .init(quote)
        }
    }
}
