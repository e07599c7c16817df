/// The projection's base tables, each declared once: ``Schema`` renders them as SQLite's STRICT
/// tables, ``PostgresSchema`` as PostgreSQL's tables, keys and COPY column lists. Adding a column
/// is one line here (plus the projector line that fills it).
///
/// CHECKs spell out their values with OR: SQLite builds a temporary table for every row it
/// checks against an IN list, which a rebuild would pay a million times.
enum Catalog {
    /// Every base table, in the order they are created and loaded.
    static let tables: [BaseTable] = [
        BaseTable("meta", key: ["key"], [.required("key", .text), .required("value", .text)]),
        moment, eventVersions,
        BaseTable(
            "entity_facts", key: ["id"],
            [
                .required("id", .text), .required("kind", .text), .required("name", .text),
                .required("registered_by", .integer),
                .optional("names", .json, note: "names in other languages: {BCP 47 tag: name}"),
            ]),
        BaseTable(
            "entity_alias_facts", key: ["entity_id", "alias"],
            [.required("entity_id", .text, sqlite: entity), .required("alias", .text)]),
        BaseTable(
            "event_actor_versions", note: ["Actors of events, versioned with the corrections that replace them."],
            key: ["event_seq", "position", "known_from"],
            [
                .required("event_seq", .integer), .required("position", .integer), .required("known_from", .integer),
                .optional("known_until", .integer), .required("entity_id", .text, sqlite: entity),
                .required("role", .text),
            ],
            indexes: [TableIndex("event_actor_versions_by_entity", on: "entity_id, event_seq")]),
        sourceFacts,
        BaseTable(
            "event_source_versions",
            note: ["Citations of events, versioned with the corrections that replace them."],
            key: ["event_seq", "position", "known_from"],
            [
                .required("event_seq", .integer), .required("position", .integer), .required("known_from", .integer),
                .optional("known_until", .integer),
                .required("source_id", .integer, sqlite: "REFERENCES source_facts(id)"), .optional("quote", .text),
                .optional("quote_lang", .text, note: "BCP 47 tag of the quote"),
                .optional("translations", .json, note: "[{lang, text, by: {person | system, version}}]"),
            ],
            indexes: [TableIndex("event_source_versions_by_source", on: "source_id")]),
        BaseTable(
            "claim_facts", key: ["id"],
            [
                .required("id", .text), .required("statement", .text),
                .required("introduced_by", .integer, note: "the first event that took a stance on it"),
            ]),
        claimHistoryFacts,
        BaseTable(
            "ban_facts", key: ["id"],
            [
                .required("id", .text), .required("imposed_by", .integer),
                .required("authority", .text, sqlite: entity),
                .optional("effective", .day, note: "as declared; NULL means from the event's occurred date"),
            ],
            indexes: [TableIndex("ban_facts_by_imposer", on: "imposed_by")]),
        BaseTable(
            "ban_target_facts", key: ["ban_id", "entity_id"],
            [.required("ban_id", .text, sqlite: ban), .required("entity_id", .text, sqlite: entity)]),
        BaseTable(
            "ban_item_facts", key: ["ban_id", "position"],
            [.required("ban_id", .text, sqlite: ban), .required("position", .integer), .required("item", .text)]),
        BaseTable(
            "ban_lift_facts", key: ["ban_id", "event_seq"],
            [
                .required("ban_id", .text, sqlite: ban), .required("event_seq", .integer),
                .required("scope", .text, sqlite: "CHECK (scope = 'full' OR scope = 'partial')"),
                .optional("effective", .day),
            ],
            indexes: [TableIndex("ban_lift_facts_by_event", on: "event_seq")]),
        BaseTable(
            "release_facts", key: ["event_seq"],
            [
                .required("event_seq", .integer), .required("product", .text, sqlite: entity),
                .optional("version", .text),
            ]),
        captureFacts, search, searchTerms, claimStandingNow, banPeriodsNow,
    ]

    static let entity = "REFERENCES entity_facts(id)"
    static let ban = "REFERENCES ban_facts(id)"

    static let moment = BaseTable(
        "moment", .sqliteOnly,
        note: [
            "The state the views show. NULL: no limit. `annals query --as-of/--known-at/--known-at-seq`",
            "sets it for its own connection; in the sqlite3 shell, UPDATE it inside a transaction you",
            "roll back.",
        ],
        key: ["id"],
        [
            .required("id", .integer, sqlite: "CHECK (id = 1)"),
            .optional("as_of", .day, note: "valid time: leave out events that occurred after this day (YYYY-MM-DD)"),
            .optional("known_seq", .integer, note: "transaction time: leave out records after this seq"),
        ])

    static let eventVersions = BaseTable(
        "event_versions",
        note: [
            "Every version of every event. The current version of event `seq` has vid = seq; the",
            "version a correction or retraction (seq c) superseded has vid = -c and known_until = c.",
        ],
        key: ["vid"],
        [
            .required("vid", .integer), .required("seq", .integer), .required("id", .text),
            .required("type", .text), .required("title", .text), .optional("summary", .text),
            .required("occurred", .text, note: "as written: 2025, 2025-11, 2025-11-02, or a UTC timestamp"),
            .required(
                "occurred_precision", .text,
                sqlite: "CHECK (occurred_precision = 'year' OR occurred_precision = 'month' "
                    + "OR occurred_precision = 'day' OR occurred_precision = 'timestamp')"),
            .required("occurred_start", .day, note: "first day of the period, YYYY-MM-DD"),
            .required("occurred_end", .day, note: "last day of the period, YYYY-MM-DD"),
            .required("occurred_sort", .text, note: "valid-time order: start, then coarser precision first"),
            .optional("certainty", .text), .required("recorded", .timestamp, note: "transaction time, UTC"),
            .required("recorder", .text), .required("hash", .text),
            .required(
                "status", .text,
                sqlite: "DEFAULT 'as-recorded' "
                    + "CHECK (status = 'as-recorded' OR status = 'corrected' OR status = 'retracted')"),
            .optional("amended_by", .integer, note: "the correction or retraction that made this version"),
            .optional("amends", .integer, note: "for corrections and retractions: the event amended"),
            .required("known_from", .integer), .optional("known_until", .integer),
        ],
        indexes: [
            TableIndex("event_versions_by_seq", on: "seq, known_from"), TableIndex("event_versions_by_id", on: "id"),
            TableIndex("event_versions_by_occurred", on: "occurred_sort, seq"),
            TableIndex("event_versions_by_amends", on: "amends", where: "amends IS NOT NULL"),
        ])

    static let sourceFacts = BaseTable(
        "source_facts",
        note: [
            "A source is one URL (or, without one, one publisher and title), cited by any number of",
            "events; its first citation in the log defines it and its id.",
        ],
        key: ["id"],
        [
            .required("id", .integer), .required("key", .text, unique: true), .optional("url", .text),
            .optional("publisher", .text), .optional("title", .text), .optional("published", .text),
            .required("first_seq", .integer, note: "the record that first cited it"),
        ])

    static let claimHistoryFacts = BaseTable(
        "claim_history_facts",
        note: ["Every stance an event takes on a claim, and every editorial assessment of it."],
        key: ["claim_id", "event_seq", "kind"],
        [
            .required("claim_id", .text, sqlite: "REFERENCES claim_facts(id)"), .required("event_seq", .integer),
            .required("kind", .text, sqlite: "CHECK (kind = 'stance' OR kind = 'assessment')"),
            .required(
                "value", .text,
                note: "asserts, reports, denies, acknowledges, no-comment; or an assessed standing"),
            .optional("note", .text),
        ],
        indexes: [TableIndex("claim_history_facts_by_event", on: "event_seq")])

    static let captureFacts = BaseTable(
        "capture_facts",
        note: [
            "Cited pages fetched and archived (capture events); selectors is the JSON array of the",
            "TextQuoteSelectors found for the quotes of the URL.",
        ],
        key: ["event_seq"],
        [
            .required("event_seq", .integer), .required("url", .text), .required("final_url", .text),
            .required("fetched", .timestamp, note: "UTC timestamp"), .required("status", .integer),
            .optional("content_type", .text), .required("length", .integer), .required("sha256", .text),
            .required("warc_file", .text), .required("warc_record_id", .text), .optional("archive_url", .text),
            .required("selectors", .json, sqlite: "DEFAULT '[]'"),
        ],
        indexes: [TableIndex("capture_facts_by_url", on: "url, fetched")])

    static let search = BaseTable(
        "search", .fullText,
        note: ["Full-text index of every event version's title, summary and quotes; rowid = its vid."],
        key: ["vid"],
        [
            .required("vid", .integer), .optional("title", .text), .optional("summary", .text),
            .optional("quotes", .text),
        ])

    static let searchTerms = BaseTable(
        "search_terms", .derivedFullText,
        note: [
            "The same rows as search, their text prepared for matching (SearchText: every script; CJK",
            "and Thai runs as overlapping bigrams); derived from search, never in snapshots.",
        ],
        key: ["vid"],
        [
            .required("vid", .integer), .optional("title", .text), .optional("summary", .text),
            .optional("quotes", .text),
        ])
}
