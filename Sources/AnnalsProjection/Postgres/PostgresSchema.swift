/// The PostgreSQL projection's schema: the SQLite projection's base tables (``Schema``) in
/// PostgreSQL's types, and the same views (``PostgresViews``).
///
/// Text compares and sorts byte by byte (`COLLATE "C"`, as SQLite's BINARY), so every query
/// orders rows the same way on both. Valid-time days are `date`s, recorded and fetched times
/// `timestamptz`s, and the full-text index is a `tsvector` column with a GIN index. The moment
/// the views show comes from two settings, `annals.as_of` and `annals.known_seq` (unset: now),
/// so any client can look at any moment with `SET annals.as_of = '2025-01-01'`.
public enum PostgresSchema {
    /// Bumped with ``Schema/version`` or whenever this layout changes: an older schema is rebuilt
    /// (.2: the views and their moment functions).
    public static let version = "\(Schema.version).2"

    /// The tables, in the order they are loaded, with their columns as COPY sends them.
    static let tables: [(name: String, columns: [String])] = [
        ("meta", ["key", "value"]),
        (
            "event_versions",
            [
                "vid", "seq", "id", "type", "title", "summary", "occurred", "occurred_precision", "occurred_start",
                "occurred_end", "occurred_sort", "certainty", "recorded", "recorder", "hash", "status", "amended_by",
                "amends", "known_from", "known_until",
            ]
        ),
        ("entity_facts", ["id", "kind", "name", "registered_by"]),
        ("entity_alias_facts", ["entity_id", "alias"]),
        ("event_actor_versions", ["event_seq", "position", "known_from", "known_until", "entity_id", "role"]),
        ("source_facts", ["id", "key", "url", "publisher", "title", "published", "first_seq"]),
        ("event_source_versions", ["event_seq", "position", "known_from", "known_until", "source_id", "quote"]),
        ("claim_facts", ["id", "statement", "introduced_by"]),
        ("claim_history_facts", ["claim_id", "event_seq", "kind", "value", "note"]),
        ("ban_facts", ["id", "imposed_by", "authority", "effective"]),
        ("ban_target_facts", ["ban_id", "entity_id"]),
        ("ban_item_facts", ["ban_id", "position", "item"]),
        ("ban_lift_facts", ["ban_id", "event_seq", "scope", "effective"]),
        ("release_facts", ["event_seq", "product", "version"]),
        (
            "capture_facts",
            [
                "event_seq", "url", "final_url", "fetched", "status", "content_type", "length", "sha256", "warc_file",
                "warc_record_id", "archive_url", "selectors",
            ]
        ),
        ("search", ["vid", "title", "summary", "quotes"]),
    ]

    /// The base tables. No foreign keys: the rows come from a projection that already holds
    /// them consistent, and a catch-up replaces rows in any order inside one transaction.
    static let ddl = """
        CREATE TABLE meta (
            key   text COLLATE "C" PRIMARY KEY,
            value text COLLATE "C" NOT NULL
        );
        CREATE TABLE event_versions (
            vid                bigint NOT NULL,
            seq                bigint NOT NULL,
            id                 text COLLATE "C" NOT NULL,
            type               text COLLATE "C" NOT NULL,
            title              text COLLATE "C" NOT NULL,
            summary            text COLLATE "C",
            occurred           text COLLATE "C" NOT NULL,
            occurred_precision text COLLATE "C" NOT NULL,
            occurred_start     date NOT NULL,
            occurred_end       date NOT NULL,
            occurred_sort      text COLLATE "C" NOT NULL,
            certainty          text COLLATE "C",
            recorded           timestamptz NOT NULL,
            recorder           text COLLATE "C" NOT NULL,
            hash               text COLLATE "C" NOT NULL,
            status             text COLLATE "C" NOT NULL,
            amended_by         bigint,
            amends             bigint,
            known_from         bigint NOT NULL,
            known_until        bigint
        );
        CREATE TABLE entity_facts (
            id            text COLLATE "C" NOT NULL,
            kind          text COLLATE "C" NOT NULL,
            name          text COLLATE "C" NOT NULL,
            registered_by bigint NOT NULL
        );
        CREATE TABLE entity_alias_facts (
            entity_id text COLLATE "C" NOT NULL,
            alias     text COLLATE "C" NOT NULL
        );
        CREATE TABLE event_actor_versions (
            event_seq   bigint NOT NULL,
            position    bigint NOT NULL,
            known_from  bigint NOT NULL,
            known_until bigint,
            entity_id   text COLLATE "C" NOT NULL,
            role        text COLLATE "C" NOT NULL
        );
        CREATE TABLE source_facts (
            id        bigint NOT NULL,
            key       text COLLATE "C" NOT NULL,
            url       text COLLATE "C",
            publisher text COLLATE "C",
            title     text COLLATE "C",
            published text COLLATE "C",
            first_seq bigint NOT NULL
        );
        CREATE TABLE event_source_versions (
            event_seq   bigint NOT NULL,
            position    bigint NOT NULL,
            known_from  bigint NOT NULL,
            known_until bigint,
            source_id   bigint NOT NULL,
            quote       text COLLATE "C"
        );
        CREATE TABLE claim_facts (
            id            text COLLATE "C" NOT NULL,
            statement     text COLLATE "C" NOT NULL,
            introduced_by bigint NOT NULL
        );
        CREATE TABLE claim_history_facts (
            claim_id  text COLLATE "C" NOT NULL,
            event_seq bigint NOT NULL,
            kind      text COLLATE "C" NOT NULL,
            value     text COLLATE "C" NOT NULL,
            note      text COLLATE "C"
        );
        CREATE TABLE ban_facts (
            id         text COLLATE "C" NOT NULL,
            imposed_by bigint NOT NULL,
            authority  text COLLATE "C" NOT NULL,
            effective  date
        );
        CREATE TABLE ban_target_facts (
            ban_id    text COLLATE "C" NOT NULL,
            entity_id text COLLATE "C" NOT NULL
        );
        CREATE TABLE ban_item_facts (
            ban_id   text COLLATE "C" NOT NULL,
            position bigint NOT NULL,
            item     text COLLATE "C" NOT NULL
        );
        CREATE TABLE ban_lift_facts (
            ban_id    text COLLATE "C" NOT NULL,
            event_seq bigint NOT NULL,
            scope     text COLLATE "C" NOT NULL,
            effective date
        );
        CREATE TABLE release_facts (
            event_seq bigint NOT NULL,
            product   text COLLATE "C" NOT NULL,
            version   text COLLATE "C"
        );
        CREATE TABLE capture_facts (
            event_seq      bigint NOT NULL,
            url            text COLLATE "C" NOT NULL,
            final_url      text COLLATE "C" NOT NULL,
            fetched        timestamptz NOT NULL,
            status         bigint NOT NULL,
            content_type   text COLLATE "C",
            length         bigint NOT NULL,
            sha256         text COLLATE "C" NOT NULL,
            warc_file      text COLLATE "C" NOT NULL,
            warc_record_id text COLLATE "C" NOT NULL,
            archive_url    text COLLATE "C",
            selectors      jsonb NOT NULL
        );
        -- The full-text rows of every event version (vid as in event_versions); `document` is
        -- what PostgreSQL's full-text search matches ('simple': no stemming, no stop words).
        CREATE TABLE search (
            vid      bigint NOT NULL,
            title    text COLLATE "C",
            summary  text COLLATE "C",
            quotes   text COLLATE "C",
            document tsvector GENERATED ALWAYS AS (
                to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, '') || ' '
                                      || coalesce(quotes, ''))) STORED
        );
        """

    /// The keys and indexes of each table, made after its rows are loaded (one sorted build
    /// instead of an insert per row), most costly first so two connections share them evenly;
    /// and every table's statistics, without which the planner picks nested scans of whole
    /// tables for the views until autovacuum comes by (minutes per read at a million events).
    static let indexes: [String] = [
        "CREATE INDEX search_by_document ON search USING gin (document)",
        """
        ALTER TABLE event_versions ADD PRIMARY KEY (vid);
        CREATE INDEX event_versions_by_seq ON event_versions (seq, known_from);
        CREATE INDEX event_versions_by_id ON event_versions (id);
        CREATE INDEX event_versions_by_occurred ON event_versions (occurred_sort, seq);
        CREATE INDEX event_versions_by_amends ON event_versions (amends) WHERE amends IS NOT NULL;
        ANALYZE event_versions
        """,
        "ALTER TABLE search ADD PRIMARY KEY (vid); ANALYZE search",
        """
        ALTER TABLE source_facts ADD PRIMARY KEY (id), ADD UNIQUE (key);
        ALTER TABLE event_source_versions ADD PRIMARY KEY (event_seq, position, known_from);
        CREATE INDEX event_source_versions_by_source ON event_source_versions (source_id);
        ANALYZE source_facts;
        ANALYZE event_source_versions
        """,
        """
        ALTER TABLE event_actor_versions ADD PRIMARY KEY (event_seq, position, known_from);
        CREATE INDEX event_actor_versions_by_entity ON event_actor_versions (entity_id, event_seq);
        ANALYZE event_actor_versions
        """,
        """
        ALTER TABLE claim_facts ADD PRIMARY KEY (id);
        ALTER TABLE claim_history_facts ADD PRIMARY KEY (claim_id, event_seq, kind);
        CREATE INDEX claim_history_facts_by_event ON claim_history_facts (event_seq);
        ANALYZE claim_facts;
        ANALYZE claim_history_facts
        """,
        """
        ALTER TABLE ban_facts ADD PRIMARY KEY (id);
        ALTER TABLE ban_target_facts ADD PRIMARY KEY (ban_id, entity_id);
        ALTER TABLE ban_item_facts ADD PRIMARY KEY (ban_id, position);
        ALTER TABLE ban_lift_facts ADD PRIMARY KEY (ban_id, event_seq);
        CREATE INDEX ban_lift_facts_by_event ON ban_lift_facts (event_seq);
        ALTER TABLE release_facts ADD PRIMARY KEY (event_seq);
        ALTER TABLE capture_facts ADD PRIMARY KEY (event_seq);
        CREATE INDEX capture_facts_by_url ON capture_facts (url, fetched);
        ALTER TABLE entity_facts ADD PRIMARY KEY (id);
        ALTER TABLE entity_alias_facts ADD PRIMARY KEY (entity_id, alias);
        ANALYZE ban_facts;
        ANALYZE ban_target_facts;
        ANALYZE ban_item_facts;
        ANALYZE ban_lift_facts;
        ANALYZE release_facts;
        ANALYZE capture_facts;
        ANALYZE entity_facts;
        ANALYZE entity_alias_facts
        """,
    ]
}
