/// The PostgreSQL projection's views: the same names, columns and rules as ``Schema/views``,
/// in PostgreSQL's SQL. The moment they show comes from the settings `annals.as_of` and
/// `annals.known_seq` (unset or empty: no limit), read by two functions of the schema,
/// `annals_as_of()` and `annals_known_seq()`.
///
/// Where SQLite's order came from the scan (`group_concat`), the aggregates say it with ORDER BY;
/// `claim_standing` counts with FILTER aggregates in LATERAL subqueries instead of SQLite's JSON arrays.
enum PostgresViews {
    /// The functions the views read the moment with (STABLE and plain SQL, so the planner inlines them).
    static let functions = """
        CREATE FUNCTION annals_as_of() RETURNS date LANGUAGE sql STABLE
            AS $$ SELECT nullif(current_setting('annals.as_of', true), '')::date $$;
        CREATE FUNCTION annals_known_seq() RETURNS bigint LANGUAGE sql STABLE
            AS $$ SELECT coalesce(nullif(current_setting('annals.known_seq', true), '')::bigint,
                                  9223372036854775807) $$;
        """

    static let knownSeq = "annals_known_seq()"
    static let asOf = "annals_as_of()"

    /// Whether the row aliased `alias` (with `known_from`, `known_until`) was the current one at the moment.
    static func known(_ alias: String) -> String {
        "\(alias).known_from <= \(knownSeq) AND (\(alias).known_until IS NULL OR \(alias).known_until > \(knownSeq))"
    }

    /// Whether the event with seq `seq` is in the moment's state (for facts that never change).
    static func applied(_ seq: String) -> String {
        "(\(asOf) IS NULL OR EXISTS (SELECT 1 FROM moment_events ae WHERE ae.seq = \(seq)))"
    }

    /// The views, in the order they must be created.
    static let all: [(name: String, body: String)] = [
        (
            "moment_events",
            """
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
            SELECT seq, id, type, title, summary, occurred, occurred_precision, occurred_start, occurred_end,
                   occurred_sort, certainty, recorded, recorder, hash, status, amended_by, amends
            FROM moment_events
            """
        ),
        (
            "entities",
            "SELECT f.id, f.kind, f.name, f.registered_by FROM entity_facts f WHERE f.registered_by <= \(knownSeq)"
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
            SELECT id, statement, introduced_by FROM (
                SELECT c.id, c.statement,
                       CASE WHEN \(asOf) IS NULL THEN
                                CASE WHEN c.introduced_by <= \(knownSeq) THEN c.introduced_by END
                            ELSE (SELECT min(h.event_seq) FROM claim_history_facts h
                                  JOIN moment_events he ON he.seq = h.event_seq
                                  WHERE h.claim_id = c.id AND h.kind = 'stance')
                       END AS introduced_by
                FROM claim_facts c) c
            WHERE introduced_by IS NOT NULL
            """
        ),
        (
            "claim_history",
            """
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
            SELECT e.seq AS rowid, s.title, s.summary, s.quotes
            FROM moment_events e JOIN search s ON s.vid = e.vid
            """
        ),
        ("standing_events", "SELECT * FROM events WHERE status <> 'retracted'"),
        (
            "timeline",
            """
            SELECT e.seq, e.id, e.occurred, e.occurred_start, e.occurred_sort, e.type, e.title, e.status, e.certainty,
                   (SELECT string_agg(a.entity_id || '=' || a.role, '; ' ORDER BY a.position)
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
            SELECT h.claim_id, h.event_seq, e.id AS event_id, h.kind, h.value, h.note,
                   e.occurred, e.occurred_start, e.occurred_sort, e.title, e.type
            FROM claim_history h JOIN standing_events e ON e.seq = h.event_seq
            """
        ),
        (
            "claim_standing",
            """
            SELECT c.id, c.statement,
                   CASE
                       WHEN a.assessed IS NOT NULL THEN a.assessed
                       WHEN k.stances = 0 THEN 'retracted'
                       WHEN k.acknowledgements > 0 THEN 'confirmed'
                       WHEN k.denials > 0 THEN 'disputed'
                       WHEN k.assertions >= 2 AND s.assertion_sources >= 2 THEN 'corroborated'
                       ELSE 'alleged'
                   END AS standing,
                   CASE WHEN a.assessed IS NOT NULL THEN 'assessed' ELSE 'derived' END AS basis,
                   k.assertions, k.reports, k.denials, k.acknowledgements, k.no_comments, s.evidence_sources,
                   k.first_occurred, k.latest_occurred, c.introduced_by
            FROM claims c
            CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'asserts') AS assertions,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'reports') AS reports,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'denies') AS denials,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'acknowledges') AS acknowledgements,
                       count(*) FILTER (WHERE v.kind = 'stance' AND v.value = 'no-comment') AS no_comments,
                       count(*) FILTER (WHERE v.kind = 'stance') AS stances,
                       min(v.occurred_start) AS first_occurred, max(v.occurred_start) AS latest_occurred
                FROM claim_evidence v WHERE v.claim_id = c.id) k
            CROSS JOIN LATERAL (
                SELECT count(DISTINCT es.source_id) AS evidence_sources,
                       count(DISTINCT es.source_id) FILTER (WHERE v.value = 'asserts') AS assertion_sources
                FROM claim_evidence v JOIN event_sources es ON es.event_seq = v.event_seq
                WHERE v.claim_id = c.id AND v.kind = 'stance'
                  AND v.value IN ('asserts', 'reports', 'acknowledges')) s
            LEFT JOIN LATERAL (
                SELECT v.value AS assessed FROM claim_evidence v
                WHERE v.claim_id = c.id AND v.kind = 'assessment'
                ORDER BY v.occurred_sort DESC, v.event_seq DESC LIMIT 1) a ON true
            """
        ),
        ("open_claims", "SELECT * FROM claim_standing WHERE standing IN ('alleged', 'corroborated', 'disputed')"),
        (
            "ban_periods",
            """
            SELECT b.id, b.authority, e.title, b.imposed_by, e.id AS imposed_event,
                   coalesce(b.effective, e.occurred_start) AS imposed,
                   (SELECT min(coalesce(l.effective, le.occurred_start))
                    FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                     WHERE l.ban_id = b.id AND l.scope = 'full') AS lifted,
                   (SELECT count(*) FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                     WHERE l.ban_id = b.id AND l.scope = 'partial') AS partial_lifts,
                   (SELECT string_agg(t.entity_id, ', ' ORDER BY t.entity_id)
                    FROM ban_targets t WHERE t.ban_id = b.id) AS targets,
                   (SELECT string_agg(i.item, '; ' ORDER BY i.position) FROM ban_items i WHERE i.ban_id = b.id) AS items
            FROM bans b JOIN standing_events e ON e.seq = b.imposed_by
            """
        ),
        (
            "release_list",
            """
            SELECT r.event_seq, e.id AS event_id, e.occurred, e.occurred_sort, r.product, p.name AS product_name,
                   r.version,
                   (SELECT a.entity_id FROM event_actors a
                    WHERE a.event_seq = r.event_seq ORDER BY a.position LIMIT 1) AS organisation,
                   e.title
            FROM releases r JOIN standing_events e ON e.seq = r.event_seq JOIN entities p ON p.id = r.product
            """
        ),
    ]

    /// Creates the functions and the views in the connection's current schema (views bind to
    /// the functions and tables by OID, so the schema may be renamed afterwards).
    static func create(on pg: PostgresConnection) throws {
        try pg.execute(functions)
        for view in all { try pg.execute("CREATE VIEW \(view.name) AS\n\(view.body)") }
    }
}
