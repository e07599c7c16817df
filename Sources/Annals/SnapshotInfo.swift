import AnnalsProjection
import AnnalsStore
import Foundation

/// A snapshot in `Snapshots/` and what its header says.
public struct SnapshotInfo: Sendable {
    public var name: String
    public var path: String
    public var header: SnapshotHeader
    public var fileBytes: Int
    public var ratio: Double { fileBytes > 0 ? Double(header.bytes) / Double(fileBytes) : 0 }
}
