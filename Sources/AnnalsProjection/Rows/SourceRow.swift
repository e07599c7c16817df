/// A row of `sources`: one URL (or, without one, one publisher and title), cited by any number
/// of events.
public struct SourceRow: TableRow, Equatable {
    public static let databaseTableName = "sources"

    public var id: Int64
    public var key: String
    public var url: String?
    public var publisher: String?
    public var title: String?
    public var published: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, key, url, publisher, title, published
    }
}
