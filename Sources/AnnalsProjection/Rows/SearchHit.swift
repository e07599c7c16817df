/// One hit of `annals search`: the event, a snippet with the matched words in brackets, and
/// its FTS5 rank (bm25, lower is better).
public struct SearchHit: TabularRow, Equatable {
    public var occurred: String
    public var type: String
    public var title: String
    public var snippet: String?
    public var id: String
    public var status: String
    public var rank: Double

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case occurred, type, title, snippet, id, status, rank
    }

    public func cell(_ column: CodingKeys) -> ResultTable.Cell {
        switch column {
        case .occurred: .text(occurred)
        case .type: .text(type)
        case .title: .text(title)
        case .snippet: .init(snippet)
        case .id: .text(id)
        case .status: .text(status)
        case .rank: .real(rank)
        }
    }
}
