/// The projection database's schema: raw SQL, STRICT tables, views for the common questions.
///
/// It is bitemporal. The base tables hold every fact the log has ever stated, each with the seq
/// that made it known (`known_from`) and, for facts a correction or retraction superseded, the
/// seq that did (`known_until`). Facts no record can change (stances, bans, releases…) carry
/// the seq of their event. The one-row table `moment` says which state the views show: a
/// valid-time date (`as_of`, events that occurred later are left out) and a transaction-time
/// seq (`known_seq`, records after it are left out); NULL means no limit. The views keep the
/// names and columns the read commands and `annals query` have always used (`events`,
/// `timeline`, `claim_standing`…), so every read at any moment is a query, never a replay.
///
/// The database is derived data, rebuilt from the log whenever its version differs, so the
/// schema is the current one only, not a chain of migrations.
public enum Schema {
    /// Bumped whenever the database layout or the projection rules change: every older database
    /// is rebuilt. Version 3: bitemporal base tables behind moment views. Version 4: captures.
    public static let version = 4
    /// The version of the state the views show (their columns and rules), which snapshots carry:
    /// a snapshot of another state version cannot be restored. Version 2: corroboration counts
    /// only the sources of first-hand assertions.
    public static let stateVersion = 2
    /// `PRAGMA application_id` of an Annals projection ("ANNL"), so a foreign database is never trusted.
    public static let applicationID: Int32 = 0x414E_4E4C

    /// The largest seq: the `known_seq` of "everything recorded".
    static let end = "9223372036854775807"
    /// The moment's limits, as scalar subqueries (SQLite computes each once per statement, and
    /// a view whose FROM holds a single table can be flattened into any query, LEFT JOINs included).
    static let knownSeq = "(SELECT coalesce(known_seq, \(end)) FROM moment)"
    static let asOf = "(SELECT as_of FROM moment)"

    /// Whether the row aliased `alias` (with `known_from`, `known_until`) was the current one at the moment.
    static func known(_ alias: String) -> String {
        "\(alias).known_from <= \(knownSeq) AND (\(alias).known_until IS NULL OR \(alias).known_until > \(knownSeq))"
    }

    /// Whether the event with seq `seq` is in the moment's state (for facts that never change).
    static func applied(_ seq: String) -> String {
        "(\(asOf) IS NULL OR EXISTS (SELECT 1 FROM moment_events ae WHERE ae.seq = \(seq)))"
    }

    /// Secondary indexes, which rebuilds and restores create after loading the rows (much faster
    /// than maintaining them row by row).
    static let indexes = """
        CREATE INDEX event_versions_by_seq ON event_versions(seq, known_from);
        CREATE INDEX event_versions_by_id ON event_versions(id);
        CREATE INDEX event_versions_by_occurred ON event_versions(occurred_sort, seq);
        CREATE INDEX event_actor_versions_by_entity ON event_actor_versions(entity_id, event_seq);
        CREATE INDEX event_source_versions_by_source ON event_source_versions(source_id);
        CREATE INDEX capture_facts_by_url ON capture_facts(url, fetched);
        CREATE INDEX claim_history_facts_by_event ON claim_history_facts(event_seq);
        """

    static let tables = """
        -- CHECKs spell out their values with OR: SQLite builds a temporary table for every
        -- row it checks against an IN list, which a rebuild would pay a million times.
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        -- The state the views show. NULL: no limit. `annals query --as-of/--known-at/--known-at-seq`
        -- sets it for its own connection; in the sqlite3 shell, UPDATE it inside a transaction you
        -- roll back.
        CREATE TABLE moment (
            id        INTEGER PRIMARY KEY CHECK (id = 1),
            as_of     TEXT,     -- valid time: leave out events that occurred after this day (YYYY-MM-DD)
            known_seq INTEGER   -- transaction time: leave out records after this seq
        ) STRICT;
        INSERT INTO moment (id) VALUES (1);

        -- Every version of every event. The current version of event `seq` has vid = seq; the
        -- version a correction or retraction (seq c) superseded has vid = -c and known_until = c.
        CREATE TABLE event_versions (
            vid                INTEGER PRIMARY KEY,
            seq                INTEGER NOT NULL,
            id                 TEXT NOT NULL,
            type               TEXT NOT NULL,
            title              TEXT NOT NULL,
            summary            TEXT,
            occurred           TEXT NOT NULL,   -- as written: 2025, 2025-11, 2025-11-02, or a UTC timestamp
            occurred_precision TEXT NOT NULL CHECK (occurred_precision = 'year' OR occurred_precision = 'month'
                                             OR occurred_precision = 'day' OR occurred_precision = 'timestamp'),
            occurred_start     TEXT NOT NULL,   -- first day of the period, YYYY-MM-DD
            occurred_end       TEXT NOT NULL,   -- last day of the period, YYYY-MM-DD
            occurred_sort      TEXT NOT NULL,   -- valid-time order: start, then coarser precision first
            certainty          TEXT,
            recorded           TEXT NOT NULL,   -- transaction time, UTC
            recorder           TEXT NOT NULL,
            hash               TEXT NOT NULL,
            status             TEXT NOT NULL DEFAULT 'as-recorded'
                               CHECK (status = 'as-recorded' OR status = 'corrected' OR status = 'retracted'),
            amended_by         INTEGER,  -- the correction or retraction that made this version
            amends             INTEGER,  -- for corrections and retractions: the event amended
            known_from         INTEGER NOT NULL,
            known_until        INTEGER
        ) STRICT;

        CREATE TABLE entity_facts (
            id            TEXT PRIMARY KEY,
            kind          TEXT NOT NULL,
            name          TEXT NOT NULL,
            registered_by INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE entity_alias_facts (
            entity_id TEXT NOT NULL REFERENCES entity_facts(id),
            alias     TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        ) STRICT;

        -- Actors of events, versioned with the corrections that replace them.
        CREATE TABLE event_actor_versions (
            event_seq   INTEGER NOT NULL,
            position    INTEGER NOT NULL,
            known_from  INTEGER NOT NULL,
            known_until INTEGER,
            entity_id   TEXT NOT NULL REFERENCES entity_facts(id),
            role        TEXT NOT NULL,
            PRIMARY KEY (event_seq, position, known_from)
        ) STRICT;

        -- A source is one URL (or, without one, one publisher and title), cited by any number of
        -- events; its first citation in the log defines it and its id.
        CREATE TABLE source_facts (
            id        INTEGER PRIMARY KEY,
            key       TEXT NOT NULL UNIQUE,
            url       TEXT,
            publisher TEXT,
            title     TEXT,
            published TEXT,
            first_seq INTEGER NOT NULL  -- the record that first cited it
        ) STRICT;

        -- Citations of events, versioned with the corrections that replace them.
        CREATE TABLE event_source_versions (
            event_seq   INTEGER NOT NULL,
            position    INTEGER NOT NULL,
            known_from  INTEGER NOT NULL,
            known_until INTEGER,
            source_id   INTEGER NOT NULL REFERENCES source_facts(id),
            quote       TEXT,
            PRIMARY KEY (event_seq, position, known_from)
        ) STRICT;

        CREATE TABLE claim_facts (
            id            TEXT PRIMARY KEY,
            statement     TEXT NOT NULL,
            introduced_by INTEGER NOT NULL  -- the first event that took a stance on it
        ) STRICT;

        -- Every stance an event takes on a claim, and every editorial assessment of it.
        CREATE TABLE claim_history_facts (
            claim_id  TEXT NOT NULL REFERENCES claim_facts(id),
            event_seq INTEGER NOT NULL,
            kind      TEXT NOT NULL CHECK (kind = 'stance' OR kind = 'assessment'),
            value     TEXT NOT NULL,  -- asserts, reports, denies, acknowledges, no-comment; or an assessed standing
            note      TEXT,
            PRIMARY KEY (claim_id, event_seq, kind)
        ) STRICT;

        CREATE TABLE ban_facts (
            id         TEXT PRIMARY KEY,
            imposed_by INTEGER NOT NULL,
            authority  TEXT NOT NULL REFERENCES entity_facts(id),
            effective  TEXT  -- as declared; NULL means from the event's occurred date
        ) STRICT;

        CREATE TABLE ban_target_facts (
            ban_id    TEXT NOT NULL REFERENCES ban_facts(id),
            entity_id TEXT NOT NULL REFERENCES entity_facts(id),
            PRIMARY KEY (ban_id, entity_id)
        ) STRICT;

        CREATE TABLE ban_item_facts (
            ban_id   TEXT NOT NULL REFERENCES ban_facts(id),
            position INTEGER NOT NULL,
            item     TEXT NOT NULL,
            PRIMARY KEY (ban_id, position)
        ) STRICT;

        CREATE TABLE ban_lift_facts (
            ban_id    TEXT NOT NULL REFERENCES ban_facts(id),
            event_seq INTEGER NOT NULL,
            scope     TEXT NOT NULL CHECK (scope = 'full' OR scope = 'partial'),
            effective TEXT,
            PRIMARY KEY (ban_id, event_seq)
        ) STRICT;

        CREATE TABLE release_facts (
            event_seq INTEGER PRIMARY KEY,
            product   TEXT NOT NULL REFERENCES entity_facts(id),
            version   TEXT
        ) STRICT;

        -- Cited pages fetched and archived (capture events); selectors is the JSON array of the
        -- TextQuoteSelectors found for the quotes of the URL.
        CREATE TABLE capture_facts (
            event_seq      INTEGER PRIMARY KEY,
            url            TEXT NOT NULL,
            final_url      TEXT NOT NULL,
            fetched        TEXT NOT NULL,   -- UTC timestamp
            status         INTEGER NOT NULL,
            content_type   TEXT,
            length         INTEGER NOT NULL,
            sha256         TEXT NOT NULL,
            warc_file      TEXT NOT NULL,
            warc_record_id TEXT NOT NULL,
            archive_url    TEXT,
            selectors      TEXT NOT NULL DEFAULT '[]'
        ) STRICT;

        -- Full-text index of every event version's title, summary and quotes; rowid = its vid.
        CREATE VIRTUAL TABLE search USING fts5(title, summary, quotes, tokenize = 'unicode61 remove_diacritics 2');
        """

    /// The views, in the order they must be created (each may use those before it). Every one
    /// reads the `moment` table, so the same definitions, created as TEMP views beside a TEMP
    /// `moment`, show any other moment on one connection (see ``ProjectionStore/openReader(_:at:)``).
    static let views: [(name: String, body: String)] = [
        (
            "moment_events",
            """
            -- The version of each event in the moment's state: known by then and, with an as-of
            -- date, occurred by then (entity registrations always; amendments when their target is).
            SELECT v.* FROM event_versions v
            WHERE \(known("v"))
              AND (\(asOf) IS NULL OR v.type = 'entity'
                   OR (v.amends IS NULL AND v.occurred_start <= \(asOf))
                   OR (v.amends IS NOT NULL AND EXISTS (
                         SELECT 1 FROM event_versions t
                         WHERE t.seq = v.amends AND \(known("t"))
                           AND (t.type = 'entity' OR t.occurred_start <= \(asOf)))))
            """
        ),
        (
            "events",
            """
            -- Every event in the state, with the corrections known at the moment applied (status tells).
            SELECT seq, id, type, title, summary, occurred, occurred_precision, occurred_start, occurred_end,
                   occurred_sort, certainty, recorded, recorder, hash, status, amended_by, amends
            FROM moment_events
            """
        ),
        (
            "entities",
            """
            SELECT f.id, f.kind, f.name, f.registered_by FROM entity_facts f
            WHERE f.registered_by <= \(knownSeq)
            """
        ),
        (
            "entity_aliases",
            "SELECT a.entity_id, a.alias FROM entity_alias_facts a WHERE a.entity_id IN (SELECT id FROM entities)"
        ),
        (
            "event_actors",
            """
            SELECT a.event_seq, a.position, a.entity_id, a.role FROM event_actor_versions a
            WHERE \(known("a")) AND \(applied("a.event_seq"))
            """
        ),
        (
            "event_sources",
            """
            SELECT c.event_seq, c.position, c.source_id, c.quote FROM event_source_versions c
            WHERE \(known("c")) AND \(applied("c.event_seq"))
            """
        ),
        (
            "sources",
            """
            -- Sources cited by the events of the state (including citations a correction replaced).
            SELECT s.id, s.key, s.url, s.publisher, s.title, s.published FROM source_facts s
            WHERE s.first_seq <= \(knownSeq)
              AND (\(asOf) IS NULL OR EXISTS (
                    SELECT 1 FROM event_source_versions c JOIN moment_events ce ON ce.seq = c.event_seq
                    WHERE c.source_id = s.id AND c.known_from <= \(knownSeq)))
            """
        ),
        (
            "claims",
            """
            -- Claims some event of the state takes a stance on; introduced_by is the first of them.
            SELECT id, statement, introduced_by FROM (
                SELECT c.id, c.statement,
                       CASE WHEN \(asOf) IS NULL THEN
                                CASE WHEN c.introduced_by <= \(knownSeq) THEN c.introduced_by END
                            ELSE (SELECT min(h.event_seq) FROM claim_history_facts h
                                  JOIN moment_events he ON he.seq = h.event_seq
                                  WHERE h.claim_id = c.id AND h.kind = 'stance')
                       END AS introduced_by
                FROM claim_facts c)
            WHERE introduced_by IS NOT NULL
            """
        ),
        (
            "claim_history",
            """
            -- Stances and assessments of the state (an assessment counts once a stance made its claim known).
            SELECT h.claim_id, h.event_seq, h.kind, h.value, h.note FROM claim_history_facts h
            WHERE h.event_seq <= \(knownSeq) AND \(applied("h.event_seq"))
              AND (\(asOf) IS NULL OR h.kind = 'stance' OR EXISTS (
                    SELECT 1 FROM claim_history_facts s JOIN moment_events se ON se.seq = s.event_seq
                    WHERE s.claim_id = h.claim_id AND s.kind = 'stance' AND s.event_seq < h.event_seq))
            """
        ),
        (
            "bans",
            """
            SELECT b.id, b.imposed_by, b.authority, b.effective FROM ban_facts b
            WHERE b.imposed_by <= \(knownSeq) AND \(applied("b.imposed_by"))
            """
        ),
        (
            "ban_targets",
            "SELECT t.ban_id, t.entity_id FROM ban_target_facts t WHERE t.ban_id IN (SELECT id FROM bans)"
        ),
        (
            "ban_items",
            "SELECT i.ban_id, i.position, i.item FROM ban_item_facts i WHERE i.ban_id IN (SELECT id FROM bans)"
        ),
        (
            "ban_lifts",
            """
            -- Lifts of the state (a lift counts when the ban it lifts was imposed before it in the log).
            SELECT l.ban_id, l.event_seq, l.scope, l.effective FROM ban_lift_facts l
            WHERE l.event_seq <= \(knownSeq) AND \(applied("l.event_seq"))
              AND (\(asOf) IS NULL OR EXISTS (
                    SELECT 1 FROM bans b WHERE b.id = l.ban_id AND b.imposed_by < l.event_seq))
            """
        ),
        (
            "releases",
            """
            SELECT r.event_seq, r.product, r.version FROM release_facts r
            WHERE r.event_seq <= \(knownSeq) AND \(applied("r.event_seq"))
            """
        ),
        (
            "captures",
            """
            SELECT c.* FROM capture_facts c
            WHERE c.event_seq <= \(knownSeq) AND \(applied("c.event_seq"))
            """
        ),
        (
            "search_rows",
            """
            -- The full-text rows of the state's events, by seq (the index itself is keyed by version).
            SELECT e.seq AS rowid, s.title, s.summary, s.quotes
            FROM moment_events e JOIN search s ON s.rowid = e.vid
            """
        ),
        (
            "standing_events",
            """
            -- Events that stand (not retracted).
            SELECT * FROM events WHERE status <> 'retracted'
            """
        ),
        (
            "timeline",
            """
            -- The timeline: world events in valid-time order, each with its main source.
            SELECT e.seq, e.id, e.occurred, e.occurred_start, e.occurred_sort, e.type, e.title, e.status, e.certainty,
                   (SELECT group_concat(a.entity_id || '=' || a.role, '; ')
                    FROM event_actors a WHERE a.event_seq = e.seq) AS actors,
                   (SELECT coalesce(s.publisher, s.url) FROM event_sources es JOIN sources s ON s.id = es.source_id
                     WHERE es.event_seq = e.seq ORDER BY es.position LIMIT 1) AS main_source,
                   (SELECT s.url FROM event_sources es JOIN sources s ON s.id = es.source_id
                     WHERE es.event_seq = e.seq ORDER BY es.position LIMIT 1) AS main_url
            FROM standing_events e
            WHERE e.type <> 'entity' AND e.type <> 'capture'
            ORDER BY e.occurred_sort, e.seq
            """
        ),
        (
            "claim_evidence",
            """
            -- Stances and assessments of standing events, with their dates.
            SELECT h.claim_id, h.event_seq, e.id AS event_id, h.kind, h.value, h.note,
                   e.occurred, e.occurred_start, e.occurred_sort, e.title, e.type
            FROM claim_history h JOIN standing_events e ON e.seq = h.event_seq
            """
        ),
        (
            "claim_standing",
            """
            -- Each claim's standing, derived by the rules in the README (latest assessment wins;
            -- otherwise acknowledged > disputed > corroborated > alleged; corroboration counts only
            -- the sources of first-hand assertions). Each claim's evidence is read once, through
            -- its index, so asking for one claim reads only that claim's rows.
            SELECT id, statement,
                   CASE
                       WHEN assessed IS NOT NULL THEN assessed
                       WHEN stances = 0 THEN 'retracted'
                       WHEN acknowledgements > 0 THEN 'confirmed'
                       WHEN denials > 0 THEN 'disputed'
                       WHEN assertions >= 2 AND assertion_sources >= 2 THEN 'corroborated'
                       ELSE 'alleged'
                   END AS standing,
                   CASE WHEN assessed IS NOT NULL THEN 'assessed' ELSE 'derived' END AS basis,
                   assertions, reports, denials, acknowledgements, no_comments, evidence_sources,
                   first_occurred, latest_occurred, introduced_by
            FROM (
                SELECT id, statement, introduced_by, assessed,
                       json_extract(k, '$[0]') AS assertions, json_extract(k, '$[1]') AS reports,
                       json_extract(k, '$[2]') AS denials, json_extract(k, '$[3]') AS acknowledgements,
                       json_extract(k, '$[4]') AS no_comments, json_extract(k, '$[5]') AS stances,
                       json_extract(k, '$[6]') AS first_occurred, json_extract(k, '$[7]') AS latest_occurred,
                       json_extract(s, '$[0]') AS evidence_sources, json_extract(s, '$[1]') AS assertion_sources
                FROM (
                    -- GROUP BY keeps this a subquery SQLite runs once per claim (and filters by id first).
                    SELECT c.id, c.statement, c.introduced_by,
                           (SELECT json_array(
                                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'asserts'),
                                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'reports'),
                                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'denies'),
                                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'acknowledges'),
                                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'no-comment'),
                                       count(*) FILTER (WHERE v.kind = 'stance'),
                                       min(v.occurred_start), max(v.occurred_start))
                            FROM claim_evidence v WHERE v.claim_id = c.id) AS k,
                           (SELECT json_array(
                                       count(DISTINCT es.source_id),
                                       count(DISTINCT es.source_id) FILTER (WHERE v.value = 'asserts'))
                            FROM claim_evidence v JOIN event_sources es ON es.event_seq = v.event_seq
                            WHERE v.claim_id = c.id AND v.kind = 'stance'
                              AND v.value IN ('asserts', 'reports', 'acknowledges')) AS s,
                           (SELECT v.value FROM claim_evidence v
                            WHERE v.claim_id = c.id AND v.kind = 'assessment'
                            ORDER BY v.occurred_sort DESC, v.event_seq DESC LIMIT 1) AS assessed
                    FROM claims c
                    GROUP BY c.id))
            """
        ),
        (
            "open_claims",
            """
            -- Claims still contested or unproven, with how much evidence supports them.
            SELECT * FROM claim_standing WHERE standing IN ('alleged', 'corroborated', 'disputed')
            """
        ),
        (
            "ban_periods",
            """
            -- Each ban with when it took effect and when it was fully lifted (NULL: never).
            SELECT b.id, b.authority, e.title, b.imposed_by, e.id AS imposed_event,
                   coalesce(b.effective, e.occurred_start) AS imposed,
                   (SELECT min(coalesce(l.effective, le.occurred_start))
                    FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                     WHERE l.ban_id = b.id AND l.scope = 'full') AS lifted,
                   (SELECT count(*) FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                     WHERE l.ban_id = b.id AND l.scope = 'partial') AS partial_lifts,
                   (SELECT group_concat(t.entity_id, ', ') FROM ban_targets t WHERE t.ban_id = b.id) AS targets,
                   (SELECT group_concat(i.item, '; ')
                    FROM (SELECT item FROM ban_items WHERE ban_id = b.id ORDER BY position) i) AS items
            FROM bans b JOIN standing_events e ON e.seq = b.imposed_by
            """
        ),
        (
            "release_list",
            """
            -- Releases with the organisation that made them (the first actor).
            SELECT r.event_seq, e.id AS event_id, e.occurred, e.occurred_sort, r.product, p.name AS product_name,
                   r.version,
                   (SELECT a.entity_id FROM event_actors a
                    WHERE a.event_seq = r.event_seq ORDER BY a.position LIMIT 1) AS organisation,
                   e.title
            FROM releases r JOIN standing_events e ON e.seq = r.event_seq JOIN entities p ON p.id = r.product
            """
        ),
    ]
}
