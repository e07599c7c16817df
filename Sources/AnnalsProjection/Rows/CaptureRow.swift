/// A capture of a cited page (a `capture` event), as the projection holds it.
public struct CaptureRow: ProjectionRow, TableRow, Equatable {
    public static let databaseTableName = "captures"
    public var eventSeq: Int64
    public var url: String
    public var finalURL: String
    public var fetched: String
    public var status: Int64
    public var contentType: String?
    public var length: Int64
    public var sha256: String
    public var warcFile: String
    public var warcRecordID: String
    public var archiveURL: String?
    /// The TextQuoteSelectors found, as a JSON array.
    public var selectors: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case url
        case finalURL = "final_url"
        case fetched, status
        case contentType = "content_type"
        case length, sha256
        case warcFile = "warc_file"
        case warcRecordID = "warc_record_id"
        case archiveURL = "archive_url"
        case selectors
    }
}
