/// A row of the `ban_periods` view: a ban, the day it took effect and the day it was fully
/// lifted (nil: never), with its targets, items and partial lifts.
public struct BanPeriod: TableRow, Equatable {
    public static let databaseTableName = "ban_periods"

    public var id: String
    public var authority: String
    public var title: String
    public var imposedBy: Int64
    public var imposedEvent: String
    public var imposed: String
    public var lifted: String?
    public var partialLifts: Int64
    /// Targeted entities, `, `-separated.
    public var targets: String?
    /// Banned items, `; `-separated.
    public var items: String?

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case id, authority, title
        case imposedBy = "imposed_by"
        case imposedEvent = "imposed_event"
        case imposed, lifted
        case partialLifts = "partial_lifts"
        case targets, items
    }
}
