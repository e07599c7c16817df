/// A row of `releases`: the product (an entity) a release event releases, and its version.
public struct ReleaseRow: TableRow, Equatable {
    public static let databaseTableName = "releases"

    public var eventSeq: Int64
    public var product: String
    public var version: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case product, version
    }
}
