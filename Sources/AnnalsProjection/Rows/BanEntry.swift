/// One line of `annals bans`: a ban's period and its status (in force, relaxed or lifted).
public struct BanEntry: TabularRow, Equatable {
    public var imposed: String
    public var lifted: String?
    public var status: String
    public var id: String
    public var authority: String
    /// Targeted entities (a JSON array in the query; `, `-separated as a cell).
    public var targets: [String]
    /// Banned items in order (a JSON array in the query; `; `-separated as a cell).
    public var items: [String]
    public var title: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case imposed, lifted, status, id, authority, targets, items, title
    }

    public func cell(_ column: CodingKeys) -> ResultTable.Cell {
        switch column {
        case .imposed: .text(imposed)
        case .lifted: .init(lifted)
        case .status: .text(status)
        case .id: .text(id)
        case .authority: .text(authority)
        case .targets: targets.flattened(", ")
        case .items: items.flattened("; ")
        case .title: .text(title)
        }
    }
}
