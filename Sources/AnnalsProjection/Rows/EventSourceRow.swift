/// A row of `event_sources`: a source an event cites (see ``SourceRow``), with its quote.
public struct EventSourceRow: TableRow, Equatable {
    public static let databaseTableName = "event_sources"

    public var eventSeq: Int64
    public var position: Int64
    public var sourceID: Int64
    public var quote: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case position
        case sourceID = "source_id"
        case quote
    }
}
