import AnnalsStore

/// What a merge or rebase did: the shared history, the kept records and what was re-appended.
public struct MergeReport: Sendable {
    public struct Appended: Sendable, Equatable {
        /// The record's seq in the merged log.
        public var seq: Int64
        /// Its seq in the log it came from.
        public var from: Int64
        public var id: String
        public var title: String
    }
    /// Records of the common history.
    public var baseRecords: Int64 = 0
    /// Records of the kept log: unchanged, byte for byte.
    public var keptRecords: Int64 = 0
    public var appended: [Appended] = []
    /// Events the other side added that the kept log already has (same id): kept once.
    public var duplicates: [String] = []
    /// Segment files of `Events/` written or removed.
    public var changedSegments: [String] = []
}
