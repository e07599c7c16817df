/// A row of `claim_history`: the stance an event takes on a claim, or an editorial assessment.
public struct ClaimHistoryRow: TableRow, Equatable {
    public static let databaseTableName = "claim_history"

    public var claimID: String
    public var eventSeq: Int64
    /// `stance` or `assessment`.
    public var kind: String
    /// asserts, reports, denies, acknowledges, no-comment; or the standing assessed.
    public var value: String
    public var note: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case claimID = "claim_id"
        case eventSeq = "event_seq"
        case kind, value, note
    }
}
