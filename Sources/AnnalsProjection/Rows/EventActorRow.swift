/// A row of `event_actors`: an entity an event names, and its role there.
public struct EventActorRow: TableRow, Equatable {
    public static let databaseTableName = "event_actors"

    public var eventSeq: Int64
    public var position: Int64
    public var entityID: String
    public var role: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case position
        case entityID = "entity_id"
        case role
    }
}
