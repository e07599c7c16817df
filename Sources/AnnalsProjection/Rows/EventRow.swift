/// A row of `events` (and of `standing_events`): one applied event, corrections applied in place.
public struct EventRow: TableRow, Equatable {
    public static let databaseTableName = "events"

    public var seq: Int64
    public var id: String
    public var type: String
    public var title: String
    public var summary: String?
    /// As written: a year, a month, a day or a UTC timestamp.
    public var occurred: String
    public var occurredPrecision: String
    /// The first and last days of the period `occurred` names (YYYY-MM-DD).
    public var occurredStart: String
    public var occurredEnd: String
    public var occurredSort: String
    public var certainty: String?
    public var recorded: String
    public var recorder: String
    public var hash: String
    /// as-recorded, corrected or retracted.
    public var status: String
    /// The latest correction or retraction of this event.
    public var amendedBy: Int64?
    /// For corrections and retractions: the event they amend.
    public var amends: Int64?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case seq, id, type, title, summary, occurred
        case occurredPrecision = "occurred_precision"
        case occurredStart = "occurred_start"
        case occurredEnd = "occurred_end"
        case occurredSort = "occurred_sort"
        case certainty, recorded, recorder, hash, status
        case amendedBy = "amended_by"
        case amends
    }
}
