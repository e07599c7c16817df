/// Rows a read command shows: named columns and typed cells, ready for text, JSON or CSV.
/// `annals query` fills one straight from SQLite; the other commands build one from their typed
/// rows (see ``TabularRow``).
public struct ResultTable: Sendable {
    public enum Cell: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])

        public var text: String {
            switch self {
            case .null: ""
            case .integer(let i): String(i)
            case .real(let d): String(d)
            case .text(let s): s
            case .blob(let b):
                "x'"
                    + b.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                    .joined() + "'"
            }
        }
    }

    public var columns: [String]
    public var rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }
}
