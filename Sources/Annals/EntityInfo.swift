public struct EntityInfo: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var name: String
    public var aliases: [String]
    public var seq: Int64
    public var eventID: String
}
