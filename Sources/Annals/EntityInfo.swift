import AnnalsCore

public struct EntityInfo: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var name: String
    public var aliases: [String]
    /// Names in other languages and scripts, in tag order.
    public var names: [LocalName] = []
    public var seq: Int64
    public var eventID: String
}
