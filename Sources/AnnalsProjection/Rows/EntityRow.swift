/// A row of `entities`: a registered entity and the event that registered it.
public struct EntityRow: TableRow, Equatable {
    public static let databaseTableName = "entities"

    public var id: String
    public var kind: String
    public var name: String
    public var registeredBy: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, name
        case registeredBy = "registered_by"
    }
}
