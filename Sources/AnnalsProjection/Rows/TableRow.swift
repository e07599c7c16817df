import AnnalsCore
import GRDB

/// A whole row of one projected table or view (`databaseTableName`), as the database and
/// snapshot lines hold it: its coding keys are the table's columns, in the schema's order.
public protocol TableRow: ProjectionRow, TableRecord {}

extension TableRow {
    /// Decodes a snapshot line's row object (column name to value) as GRDB decodes a database
    /// row. Integers, strings and nulls are SQLite's values; anything else reads as NULL, as
    /// restoring a snapshot does.
    init(snapshotRow values: JSONObject) throws {
        let pairs = values.members.map { member -> (String, (any DatabaseValueConvertible)?) in
            switch member.value {
            case .integer(let i): (member.key, i)
            case .string(let s): (member.key, s)
            default: (member.key, nil)
            }
        }
        try self.init(row: Row(Dictionary(pairs, uniquingKeysWith: { first, _ in first })))
    }
}
