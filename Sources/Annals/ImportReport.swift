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
    /// Rows whose external id is already logged with the same content (the first ``listLimit``).
    public var alreadyImported: [Row] = []
    /// Rows whose external id is logged with different content: `id` is the logged event's (the
    /// first ``listLimit``).
    public var changed: [Row] = []
    /// How many rows are already imported, and how many changed (listed or not).
    public var alreadyImportedCount = 0
    public var changedCount = 0
    /// How many rows of each kind above are listed, so a report stays small for any sheet.
    public var listLimit = Int.max
    public var likelyDuplicates: [Likely] = []

    mutating func addAlreadyImported(_ row: Row) {
        alreadyImportedCount += 1
        if alreadyImported.count < listLimit { alreadyImported.append(row) }
    }

    mutating func addChanged(_ row: Row) {
        changedCount += 1
        if changed.count < listLimit { changed.append(row) }
    }
}
