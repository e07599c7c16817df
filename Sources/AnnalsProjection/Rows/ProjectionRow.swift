import GRDB

/// A typed row of the projection, decoded once by GRDB from the columns its coding keys name.
/// The coding keys are the query's columns, in order: ``ProjectionReader`` refuses a query whose
/// columns differ, so a renamed column fails loudly instead of reading as NULL.
public protocol ProjectionRow: FetchableRecord, Decodable, Sendable {
    associatedtype CodingKeys: CodingKey, CaseIterable
}

extension ProjectionRow {
    /// The columns this row decodes from, in order.
    public static var columnNames: [String] { CodingKeys.allCases.map(\.stringValue) }
}
