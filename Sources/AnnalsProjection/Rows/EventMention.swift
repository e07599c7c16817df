/// An entity an event names: as an actor, as a ban's authority or target (of the ban it imposes
/// or lifts), or as the product it releases.
public struct EventMention: ProjectionRow, Equatable {
    public var eventSeq: Int64
    public var entityID: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case eventSeq = "event_seq"
        case entityID = "entity_id"
    }
}
