/// The kept rows: answers derived from the base tables and kept in step with them by the
/// projector, so the live reads (`claims`, `bans`, `bans --active-on`) are an index range, not
/// a recomputation of every claim's or ban's history. They show "now" (the last record), whatever
/// the moment a connection looks at; snapshots leave them out and a restore derives them again.
extension Catalog {
    /// The kept tables (the last of ``tables``).
    static var kept: [BaseTable] { [claimStandingNow, banPeriodsNow] }

    static let claimStandingNow = BaseTable(
        "claim_standing_now",
        note: [
            "Kept rows: `claim_standing` now (at the last record), one row per claim, replaced whenever",
            "a record adds a stance or assessment to the claim or amends an event that has one.",
        ],
        key: ["id"],
        [
            .required("id", .text), .required("statement", .text), .required("standing", .text),
            .required("basis", .text), .required("assertions", .integer), .required("reports", .integer),
            .required("denials", .integer), .required("acknowledgements", .integer),
            .required("no_comments", .integer), .required("evidence_sources", .integer),
            .optional("first_occurred", .day), .optional("latest_occurred", .day),
            .required("introduced_by", .integer),
        ])

    static let banPeriodsNow = BaseTable(
        "ban_periods_now",
        note: [
            "Kept rows: `ban_periods` now, one row per ban whose imposing event stands, replaced",
            "whenever a record imposes or lifts the ban or amends the event that did.",
        ],
        key: ["id"],
        [
            .required("id", .text), .required("authority", .text), .required("title", .text),
            .required("imposed_by", .integer), .required("imposed_event", .text), .required("imposed", .day),
            .optional("lifted", .day, note: "the first full lift's day (NULL: never)"),
            .required("partial_lifts", .integer),
            .optional("relaxed", .day, note: "the first partial lift's day (NULL: never)"),
            .required("targets", .json, note: "the targeted entities, a JSON array in id order"),
            .required("items", .json, note: "the banned items, a JSON array in their order"),
        ],
        indexes: [TableIndex("ban_periods_now_by_imposed", on: "imposed, id")])
}
