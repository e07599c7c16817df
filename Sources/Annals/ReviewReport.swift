import AnnalsCore
import AnnalsProjection
import AnnalsStore
import Foundation

/// What `annals review BASE HEAD` found: whether HEAD only appended to BASE, the new records,
/// and the semantic diff of the state.
public struct ReviewReport: Sendable {
    public var base: String
    public var head: String
    public var baseRecords: Int64
    public var headRecords: Int64
    /// Set when HEAD is not BASE plus appended records: names the seq and what is wrong.
    public var violation: String?
    public var newRecords: [Record]
    /// The events the new amendments amend and the bans the new lifts lift.
    public var context = ReviewContext()
    public var diff: DiffReport?
    /// The snapshots HEAD adds or changes, each verified against HEAD's log.
    public var checkedSnapshots: [String] = []
    /// The checkpoints HEAD adds, each checked against HEAD's tree.
    public var checkedCheckpoints: [String] = []
    /// The consistency proof from BASE's Merkle tree to HEAD's (nil when BASE is empty).
    public var consistency: ConsistencyProof?
}
