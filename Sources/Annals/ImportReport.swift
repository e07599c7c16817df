/// What `annals import csv` did, or would do with `--dry-run`.
public struct ImportReport: Sendable {
    public struct Row: Sendable {
        public var record: Int
        public var line: Int
        public var id: String
        public var seq: Int64?
        public var externalID: String?
    }
    public struct Likely: Sendable {
        public var record: Int
        public var line: Int
        /// "row 7" or "ev_… (seq 12)".
        public var other: String
        /// "same date and source URL" or "same date, similar title".
        public var why: String
    }
    public var dryRun: Bool
    public var rows = 0
    public var appendedCount = 0
    public var appended: [Row] = []
    /// Rows whose event is already logged (same content id), or repeated earlier in the sheet.
    public var duplicates: [Row] = []
    /// Rows whose external id is already logged with the same content.
    public var alreadyImported: [Row] = []
    /// Rows whose external id is logged with different content: `id` is the logged event's.
    public var changed: [Row] = []
    public var likelyDuplicates: [Likely] = []
}
