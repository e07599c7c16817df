/// One line of `annals releases`: a released product and the organisation behind it.
public struct ReleaseEntry: TabularRow, Equatable {
    public var occurred: String
    /// The release event's first actor.
    public var organisation: String?
    public var product: String
    public var productName: String
    public var version: String?
    public var title: String
    public var eventID: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case occurred, organisation, product
        case productName = "product_name"
        case version, title
        case eventID = "event_id"
    }

    public func cell(_ column: CodingKeys) -> ResultTable.Cell {
        switch column {
        case .occurred: .text(occurred)
        case .organisation: .init(organisation)
        case .product: .text(product)
        case .productName: .text(productName)
        case .version: .init(version)
        case .title: .text(title)
        case .eventID: .text(eventID)
        }
    }
}
