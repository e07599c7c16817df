/// A typed row a read command can also print as a table (text, JSON, CSV): each column's cell
/// comes from the property it decodes into, so JSON keeps integers, text and nulls apart.
public protocol TabularRow: ProjectionRow {
    /// The value of one column, as the database holds it.
    func cell(_ column: CodingKeys) -> ResultTable.Cell
}

extension ResultTable {
    /// `rows` as a table of `columns`: by default every column, in the row type's order.
    public init<Entry: TabularRow>(_ rows: [Entry], columns: [Entry.CodingKeys] = Array(Entry.CodingKeys.allCases)) {
        self.init(columns: columns.map(\.stringValue), rows: rows.map { row in columns.map { row.cell($0) } })
    }
}

extension ResultTable.Cell {
    /// Text, or NULL when there is none.
    public init(_ text: String?) {
        if let text { self = .text(text) } else { self = .null }
    }

    /// An integer, or NULL when there is none.
    public init(_ integer: Int64?) {
        if let integer { self = .integer(integer) } else { self = .null }
    }
}
