/// What a projection column holds, whatever the engine: each engine spells it in its own type.
enum ColumnType: Sendable {
    /// Text, compared and sorted byte by byte on both engines.
    case text
    /// A 64-bit integer (seqs, positions, counts).
    case integer
    /// A valid-time day, `YYYY-MM-DD`.
    case day
    /// A UTC timestamp.
    case timestamp
    /// A JSON document.
    case json

    /// The STRICT table type SQLite stores it as (days, timestamps and JSON as their text).
    var sqlite: String {
        self == .integer ? "INTEGER" : "TEXT"
    }

    /// The PostgreSQL type (text as `COLLATE "C"`, as SQLite's BINARY, so both order rows the same way).
    var postgres: String {
        switch self {
        case .text: "text COLLATE \"C\""
        case .integer: "bigint"
        case .day: "date"
        case .timestamp: "timestamptz"
        case .json: "jsonb"
        }
    }
}
