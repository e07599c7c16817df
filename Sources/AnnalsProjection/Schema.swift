/// The projection database's schema: raw SQL, STRICT tables, real foreign keys, views for the
/// common questions. A migration is never edited once it has shipped; a new schema version adds
/// one, and a database of another version is rebuilt from the log (it is derived data).
public enum Schema {
    /// Bumped whenever the schema or the projection rules change: every older database is rebuilt.
    public static let version = 2
    /// `PRAGMA application_id` of an Annals projection ("ANNL"), so a foreign database is never trusted.
    public static let applicationID: Int32 = 0x414E_4E4C

    /// The schema in two parts: tables and views, then the secondary indexes, which rebuilds
    /// and restores create after loading the rows (much faster than maintaining them row by row).
    /// The database is derived data, rebuilt from the log whenever its version differs, so the
    /// schema is the current one only, not a chain of migrations. Version 2: corroboration counts
    /// only the sources of first-hand assertions.
    static let migrations: [(tables: String, indexes: String)] = [(tablesAndViews, indexes)]

    static let indexes = """
        CREATE INDEX events_by_occurred ON events(occurred_sort, seq);
        CREATE INDEX events_by_type ON events(type, occurred_sort);
        CREATE INDEX event_actors_by_entity ON event_actors(entity_id, event_seq);
        CREATE INDEX event_sources_by_source ON event_sources(source_id);
        CREATE INDEX claim_history_by_event ON claim_history(event_seq);
        """

    static let tablesAndViews = """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT;

        -- Every applied event, with corrections applied in place (status tells).
        CREATE TABLE events (
            seq                INTEGER PRIMARY KEY,
            id                 TEXT NOT NULL UNIQUE,
            type               TEXT NOT NULL,
            title              TEXT NOT NULL,
            summary            TEXT,
            occurred           TEXT NOT NULL,   -- as written: 2025, 2025-11, 2025-11-02, or a UTC timestamp
            occurred_precision TEXT NOT NULL CHECK (occurred_precision IN ('year', 'month', 'day', 'timestamp')),
            occurred_start     TEXT NOT NULL,   -- first day of the period, YYYY-MM-DD
            occurred_end       TEXT NOT NULL,   -- last day of the period, YYYY-MM-DD
            occurred_sort      TEXT NOT NULL,   -- valid-time order: start, then coarser precision first
            certainty          TEXT,
            recorded           TEXT NOT NULL,   -- transaction time, UTC
            recorder           TEXT NOT NULL,
            hash               TEXT NOT NULL,
            status             TEXT NOT NULL DEFAULT 'as-recorded'
                               CHECK (status IN ('as-recorded', 'corrected', 'retracted')),
            amended_by         INTEGER REFERENCES events(seq),  -- the latest correction or retraction of this event
            amends             INTEGER REFERENCES events(seq)   -- for corrections and retractions: the event amended
        ) STRICT;

        CREATE TABLE entities (
            id            TEXT PRIMARY KEY,
            kind          TEXT NOT NULL,
            name          TEXT NOT NULL,
            registered_by INTEGER NOT NULL REFERENCES events(seq)
        ) STRICT;

        CREATE TABLE entity_aliases (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            alias     TEXT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        ) STRICT;

        CREATE TABLE event_actors (
            event_seq INTEGER NOT NULL REFERENCES events(seq),
            position  INTEGER NOT NULL,
            entity_id TEXT NOT NULL REFERENCES entities(id),
            role      TEXT NOT NULL,
            PRIMARY KEY (event_seq, position)
        ) STRICT;

        -- A source is one URL (or, without one, one publisher and title), cited by any number of events.
        CREATE TABLE sources (
            id        INTEGER PRIMARY KEY,
            key       TEXT NOT NULL UNIQUE,
            url       TEXT,
            publisher TEXT,
            title     TEXT,
            published TEXT
        ) STRICT;

        CREATE TABLE event_sources (
            event_seq INTEGER NOT NULL REFERENCES events(seq),
            position  INTEGER NOT NULL,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            quote     TEXT,
            PRIMARY KEY (event_seq, position)
        ) STRICT;

        CREATE TABLE claims (
            id            TEXT PRIMARY KEY,
            statement     TEXT NOT NULL,
            introduced_by INTEGER NOT NULL REFERENCES events(seq)
        ) STRICT;

        -- Every stance an event takes on a claim, and every editorial assessment of it.
        CREATE TABLE claim_history (
            claim_id  TEXT NOT NULL REFERENCES claims(id),
            event_seq INTEGER NOT NULL REFERENCES events(seq),
            kind      TEXT NOT NULL CHECK (kind IN ('stance', 'assessment')),
            value     TEXT NOT NULL,  -- asserts, reports, denies, acknowledges, no-comment; or an assessed standing
            note      TEXT,
            PRIMARY KEY (claim_id, event_seq, kind)
        ) STRICT;

        CREATE TABLE bans (
            id         TEXT PRIMARY KEY,
            imposed_by INTEGER NOT NULL REFERENCES events(seq),
            authority  TEXT NOT NULL REFERENCES entities(id),
            effective  TEXT  -- as declared; NULL means from the event's occurred date
        ) STRICT;

        CREATE TABLE ban_targets (
            ban_id    TEXT NOT NULL REFERENCES bans(id),
            entity_id TEXT NOT NULL REFERENCES entities(id),
            PRIMARY KEY (ban_id, entity_id)
        ) STRICT;

        CREATE TABLE ban_items (
            ban_id   TEXT NOT NULL REFERENCES bans(id),
            position INTEGER NOT NULL,
            item     TEXT NOT NULL,
            PRIMARY KEY (ban_id, position)
        ) STRICT;

        CREATE TABLE ban_lifts (
            ban_id    TEXT NOT NULL REFERENCES bans(id),
            event_seq INTEGER NOT NULL REFERENCES events(seq),
            scope     TEXT NOT NULL CHECK (scope IN ('full', 'partial')),
            effective TEXT,
            PRIMARY KEY (ban_id, event_seq)
        ) STRICT;

        CREATE TABLE releases (
            event_seq INTEGER PRIMARY KEY REFERENCES events(seq),
            product   TEXT NOT NULL REFERENCES entities(id),
            version   TEXT
        ) STRICT;

        -- Full-text index of titles, summaries and quotes; rowid = events.seq.
        CREATE VIRTUAL TABLE search USING fts5(title, summary, quotes, tokenize = 'unicode61 remove_diacritics 2');

        -- Events that stand (not retracted).
        CREATE VIEW standing_events AS
            SELECT * FROM events WHERE status <> 'retracted';

        -- The timeline: world events in valid-time order, each with its main source.
        CREATE VIEW timeline AS
            SELECT e.seq, e.id, e.occurred, e.occurred_start, e.occurred_sort, e.type, e.title, e.status, e.certainty,
                   (SELECT group_concat(a.entity_id || '=' || a.role, '; ')
                    FROM event_actors a WHERE a.event_seq = e.seq) AS actors,
                   (SELECT coalesce(s.publisher, s.url) FROM event_sources es JOIN sources s ON s.id = es.source_id
                     WHERE es.event_seq = e.seq ORDER BY es.position LIMIT 1) AS main_source,
                   (SELECT s.url FROM event_sources es JOIN sources s ON s.id = es.source_id
                     WHERE es.event_seq = e.seq ORDER BY es.position LIMIT 1) AS main_url
            FROM standing_events e
            WHERE e.type <> 'entity'
            ORDER BY e.occurred_sort, e.seq;

        -- Stances and assessments of standing events, with their dates.
        CREATE VIEW claim_evidence AS
            SELECT h.claim_id, h.event_seq, e.id AS event_id, h.kind, h.value, h.note,
                   e.occurred, e.occurred_start, e.occurred_sort, e.title, e.type
            FROM claim_history h JOIN standing_events e ON e.seq = h.event_seq;

        -- Each claim's standing, derived by the rules in the README (latest assessment wins;
        -- otherwise acknowledged > disputed > corroborated > alleged; corroboration counts only
        -- the sources of first-hand assertions).
        CREATE VIEW claim_standing AS
            WITH counts AS (
                SELECT c.id AS claim_id,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'asserts') AS assertions,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'reports') AS reports,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'denies') AS denials,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'acknowledges') AS acknowledgements,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'no-comment') AS no_comments,
                       count(*) FILTER (WHERE v.kind = 'stance') AS stances,
                       min(v.occurred_start) AS first_occurred,
                       max(v.occurred_start) AS latest_occurred
                FROM claims c LEFT JOIN claim_evidence v ON v.claim_id = c.id
                GROUP BY c.id
            ),
            latest_assessment AS (
                SELECT claim_id, value, event_seq,
                       row_number() OVER (PARTITION BY claim_id ORDER BY occurred_sort DESC, event_seq DESC) AS n
                FROM claim_evidence WHERE kind = 'assessment'
            ),
            support AS (
                SELECT v.claim_id, count(DISTINCT es.source_id) AS sources,
                       count(DISTINCT es.source_id) FILTER (WHERE v.value = 'asserts') AS assertion_sources
                FROM claim_evidence v JOIN event_sources es ON es.event_seq = v.event_seq
                WHERE v.kind = 'stance' AND v.value IN ('asserts', 'reports', 'acknowledges')
                GROUP BY v.claim_id
            )
            SELECT c.id, c.statement,
                   CASE
                       WHEN a.value IS NOT NULL THEN a.value
                       WHEN k.stances = 0 THEN 'retracted'
                       WHEN k.acknowledgements > 0 THEN 'confirmed'
                       WHEN k.denials > 0 THEN 'disputed'
                       WHEN k.assertions >= 2 AND coalesce(s.assertion_sources, 0) >= 2 THEN 'corroborated'
                       ELSE 'alleged'
                   END AS standing,
                   CASE WHEN a.value IS NOT NULL THEN 'assessed' ELSE 'derived' END AS basis,
                   k.assertions, k.reports, k.denials, k.acknowledgements, k.no_comments,
                   coalesce(s.sources, 0) AS evidence_sources,
                   k.first_occurred, k.latest_occurred,
                   c.introduced_by
            FROM claims c
            JOIN counts k ON k.claim_id = c.id
            LEFT JOIN latest_assessment a ON a.claim_id = c.id AND a.n = 1
            LEFT JOIN support s ON s.claim_id = c.id;

        -- Claims still contested or unproven, with how much evidence supports them.
        CREATE VIEW open_claims AS
            SELECT * FROM claim_standing WHERE standing IN ('alleged', 'corroborated', 'disputed');

        -- Each ban with when it took effect and when it was fully lifted (NULL: never).
        CREATE VIEW ban_periods AS
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
            FROM bans b JOIN standing_events e ON e.seq = b.imposed_by;

        -- Releases with the organisation that made them (the first actor).
        CREATE VIEW release_list AS
            SELECT r.event_seq, e.id AS event_id, e.occurred, e.occurred_sort, r.product, p.name AS product_name,
                   r.version,
                   (SELECT a.entity_id FROM event_actors a
                    WHERE a.event_seq = r.event_seq ORDER BY a.position LIMIT 1) AS organisation,
                   e.title
            FROM releases r JOIN standing_events e ON e.seq = r.event_seq JOIN entities p ON p.id = r.product;
        """
}
