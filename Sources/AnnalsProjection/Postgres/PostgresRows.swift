/// The answer to one statement: column names and type OIDs, and every value as PostgreSQL's
/// text form (nil for NULL).
public struct PostgresRows: Sendable {
    public var columns: [String]
    /// The type OID of each column (`PostgresType`).
    public var types: [UInt32]
    public var values: [[String?]]
    /// Rows a command touched (INSERT, UPDATE, DELETE, COPY); 0 for queries.
    public var affected: Int

    /// The first column of the first row, if any.
    public var scalar: String? { values.first?.first ?? nil }
}

/// Type OIDs of the built-in types the projection uses (`pg_type.oid`).
enum PostgresType {
    static let bool: UInt32 = 16
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let numeric: UInt32 = 1700
    static let date: UInt32 = 1082
    static let timestamptz: UInt32 = 1184
    static let bytea: UInt32 = 17
}
