/// A row of the `claim_standing` view: a claim, its standing and how it got it, and the counts
/// of stances and supporting sources behind it.
public struct ClaimSummary: TableRow, TabularRow, Equatable {
    public static let databaseTableName = "claim_standing"

    public var id: String
    public var statement: String
    /// alleged, corroborated, confirmed, disputed, refuted or retracted.
    public var standing: String
    /// `assessed` (the latest claim-status event) or `derived` (from the stances).
    public var basis: String
    public var assertions: Int64
    public var reports: Int64
    public var denials: Int64
    public var acknowledgements: Int64
    public var noComments: Int64
    public var evidenceSources: Int64
    /// The first and latest days of a standing stance or assessment; nil without any.
    public var firstOccurred: String?
    public var latestOccurred: String?
    public var introducedBy: Int64

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, statement, standing, basis, assertions, reports, denials, acknowledgements
        case noComments = "no_comments"
        case evidenceSources = "evidence_sources"
        case firstOccurred = "first_occurred"
        case latestOccurred = "latest_occurred"
        case introducedBy = "introduced_by"
    }

    /// The columns `annals claims` prints, in its order.
    public static let listColumns: [CodingKeys] = [
        .id, .standing, .basis, .assertions, .reports, .denials, .acknowledgements, .noComments, .evidenceSources,
        .firstOccurred, .latestOccurred, .statement,
    ]

    public func cell(_ column: CodingKeys) -> ResultTable.Cell {
        switch column {
        case .id: .text(id)
        case .statement: .text(statement)
        case .standing: .text(standing)
        case .basis: .text(basis)
        case .assertions: .integer(assertions)
        case .reports: .integer(reports)
        case .denials: .integer(denials)
        case .acknowledgements: .integer(acknowledgements)
        case .noComments: .integer(noComments)
        case .evidenceSources: .integer(evidenceSources)
        case .firstOccurred: .init(firstOccurred)
        case .latestOccurred: .init(latestOccurred)
        case .introducedBy: .integer(introducedBy)
        }
    }
}
