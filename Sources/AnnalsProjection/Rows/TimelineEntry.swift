/// One line of `annals timeline`: a standing event with its actors and main source.
public struct TimelineEntry: TabularRow, Equatable {
    public var occurred: String
    public var type: String
    public var title: String
    /// The event's actors in order (a JSON array in the query; `entity=role; …` as a cell).
    public var actors: [ActorRole]
    /// The first source's publisher, else its URL.
    public var mainSource: String?
    public var mainURL: String?
    public var id: String
    public var seq: Int64
    public var status: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case occurred, type, title, actors
        case mainSource = "main_source"
        case mainURL = "main_url"
        case id, seq, status
    }

    public func cell(_ column: CodingKeys) -> ResultTable.Cell {
        switch column {
        case .occurred: .text(occurred)
        case .type: .text(type)
        case .title: .text(title)
        case .actors: actors.flattened
        case .mainSource: .init(mainSource)
        case .mainURL: .init(mainURL)
        case .id: .text(id)
        case .seq: .integer(seq)
        case .status: .text(status)
        }
    }
}
