/// A standing lift of a ban: full or partial, and the day it took effect.
public struct BanLift: ProjectionRow, Equatable {
    public var banID: String
    /// `full` or `partial`.
    public var scope: String
    public var date: String

    public enum CodingKeys: String, CodingKey, CaseIterable {
        case banID = "ban_id"
        case scope, date
    }
}
