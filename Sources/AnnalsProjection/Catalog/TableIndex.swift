/// A secondary index of a projection table, made after its rows are loaded.
struct TableIndex: Sendable {
    let name: String
    /// The indexed columns, as SQL (`seq, known_from`).
    let columns: String
    /// A partial index's condition.
    let condition: String?
    /// Why only PostgreSQL has it (nil: both engines).
    let postgresOnly: String?

    init(_ name: String, on columns: String, where condition: String? = nil, postgresOnly: String? = nil) {
        self.name = name
        self.columns = columns
        self.condition = condition
        self.postgresOnly = postgresOnly
    }
}
