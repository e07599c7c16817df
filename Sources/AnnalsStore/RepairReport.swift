import AnnalsCore

/// What `repair` removed (or would remove).
public struct RepairReport: Sendable {
    public var segment: String?
    public var line: Int = 0
    public var removedBytes: Int = 0
    /// The start of the removed fragment, for the user to see.
    public var preview: String = ""
    public var changed: Bool { removedBytes > 0 }
}
