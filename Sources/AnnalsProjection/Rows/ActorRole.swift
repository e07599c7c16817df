/// An actor of an event as a read command shows it: the entity and its role there.
public struct ActorRole: Decodable, Equatable, Sendable {
    public var entity: String
    public var role: String

    public init(entity: String, role: String) {
        self.entity = entity
        self.role = role
    }
}

extension [ActorRole] {
    /// The actors as `entity=role` pairs, `; `-separated, as text and CSV show them; NULL without any.
    var flattened: ResultTable.Cell {
        isEmpty ? .null : .text(map { $0.entity + "=" + $0.role }.joined(separator: "; "))
    }
}

extension [String] {
    /// The values joined by `separator`, as text and CSV show them; NULL without any.
    func flattened(_ separator: String) -> ResultTable.Cell {
        isEmpty ? .null : .text(joined(separator: separator))
    }
}
