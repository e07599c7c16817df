/// The projection's views, in the order they must be created (each may use those before it),
/// written once for both engines (``SQLDialect``). Every one reads the moment, so the same
/// definitions, created as TEMP views beside a TEMP `moment`, show any other moment on one SQLite
/// connection (see ``ProjectionStore/openReader(_:at:)``). Where SQLite's order came from the scan
/// (`group_concat`), PostgreSQL's aggregates say it with ORDER BY.
enum Views {
    static let all: [View] = [
        View("moment_events") { d in
            """
            -- The version of each event in the moment's state: known by then and, with an as-of
            -- date, occurred by then (entity registrations always; amendments when their target is).
            SELECT v.* FROM event_versions v
            WHERE \(d.known("v"))
              AND (\(d.asOf) IS NULL OR v.type = 'entity'
                   OR (v.amends IS NULL AND v.occurred_start <= \(d.asOf))
                   OR (v.amends IS NOT NULL AND EXISTS (
                         SELECT 1 FROM event_versions t
                         WHERE t.seq = v.amends AND \(d.known("t"))
                           AND (t.type = 'entity' OR t.occurred_start <= \(d.asOf)))))
            """
        },
        View("events") { _ in
            """
            -- Every event in the state, with the corrections known at the moment applied (status tells).
            SELECT seq, id, type, title, summary, occurred, occurred_precision, occurred_start, occurred_end,
                   occurred_sort, certainty, recorded, recorder, hash, status, amended_by, amends
            FROM moment_events
            """
        },
        View("entities") { d in
            """
            SELECT f.id, f.kind, f.name, f.registered_by FROM entity_facts f
            WHERE f.registered_by <= \(d.knownSeq)
            """
        },
        View("entity_aliases") { _ in
            "SELECT a.entity_id, a.alias FROM entity_alias_facts a WHERE a.entity_id IN (SELECT id FROM entities)"
        },
        View("event_actors") { d in
            """
            SELECT a.event_seq, a.position, a.entity_id, a.role FROM event_actor_versions a
            WHERE \(d.known("a")) AND \(d.applied("a.event_seq"))
            """
        },
        View("event_sources") { d in
            """
            SELECT c.event_seq, c.position, c.source_id, c.quote FROM event_source_versions c
            WHERE \(d.known("c")) AND \(d.applied("c.event_seq"))
            """
        },
        View("sources") { d in
            """
            -- Sources cited by the events of the state (including citations a correction replaced).
            SELECT s.id, s.key, s.url, s.publisher, s.title, s.published FROM source_facts s
            WHERE s.first_seq <= \(d.knownSeq)
              AND (\(d.asOf) IS NULL OR EXISTS (
                    SELECT 1 FROM event_source_versions c JOIN moment_events ce ON ce.seq = c.event_seq
                    WHERE c.source_id = s.id AND c.known_from <= \(d.knownSeq)))
            """
        },
        View("claims") { d in
            """
            -- Claims some event of the state takes a stance on; introduced_by is the first of them.
            SELECT id, statement, introduced_by FROM (
                SELECT c.id, c.statement,
                       CASE WHEN \(d.asOf) IS NULL THEN
                                CASE WHEN c.introduced_by <= \(d.knownSeq) THEN c.introduced_by END
                            ELSE (SELECT min(h.event_seq) FROM claim_history_facts h
                                  JOIN moment_events he ON he.seq = h.event_seq
                                  WHERE h.claim_id = c.id AND h.kind = 'stance')
                       END AS introduced_by
                FROM claim_facts c) c
            WHERE introduced_by IS NOT NULL
            """
        },
        View("claim_history") { d in
            """
            -- Stances and assessments of the state (an assessment counts once a stance made its claim known).
            SELECT h.claim_id, h.event_seq, h.kind, h.value, h.note FROM claim_history_facts h
            WHERE h.event_seq <= \(d.knownSeq) AND \(d.applied("h.event_seq"))
              AND (\(d.asOf) IS NULL OR h.kind = 'stance' OR EXISTS (
                    SELECT 1 FROM claim_history_facts s JOIN moment_events se ON se.seq = s.event_seq
                    WHERE s.claim_id = h.claim_id AND s.kind = 'stance' AND s.event_seq < h.event_seq))
            """
        },
        View("bans") { d in
            """
            SELECT b.id, b.imposed_by, b.authority, b.effective FROM ban_facts b
            WHERE b.imposed_by <= \(d.knownSeq) AND \(d.applied("b.imposed_by"))
            """
        },
        View("ban_targets") { _ in
            "SELECT t.ban_id, t.entity_id FROM ban_target_facts t WHERE t.ban_id IN (SELECT id FROM bans)"
        },
        View("ban_items") { _ in
            "SELECT i.ban_id, i.position, i.item FROM ban_item_facts i WHERE i.ban_id IN (SELECT id FROM bans)"
        },
        View("ban_lifts") { d in
            """
            -- Lifts of the state (a lift counts when the ban it lifts was imposed before it in the log).
            SELECT l.ban_id, l.event_seq, l.scope, l.effective FROM ban_lift_facts l
            WHERE l.event_seq <= \(d.knownSeq) AND \(d.applied("l.event_seq"))
              AND (\(d.asOf) IS NULL OR EXISTS (
                    SELECT 1 FROM bans b WHERE b.id = l.ban_id AND b.imposed_by < l.event_seq))
            """
        },
        View("releases") { d in
            """
            SELECT r.event_seq, r.product, r.version FROM release_facts r
            WHERE r.event_seq <= \(d.knownSeq) AND \(d.applied("r.event_seq"))
            """
        },
        View("captures") { d in
            """
            SELECT c.* FROM capture_facts c
            WHERE c.event_seq <= \(d.knownSeq) AND \(d.applied("c.event_seq"))
            """
        },
        View("search_rows") { d in
            """
            -- The full-text rows of the state's events, by seq (the index itself is keyed by version).
            SELECT e.seq AS rowid, s.title, s.summary, s.quotes
            FROM moment_events e JOIN search s ON s.\(d.fullTextKey) = e.vid
            """
        },
        View("standing_events") { _ in
            """
            -- Events that stand (not retracted).
            SELECT * FROM events WHERE status <> 'retracted'
            """
        },
        View(
            "timeline",
            { _ in
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
            },
            postgres:
                "the actors' order: SQLite's group_concat follows the scan, PostgreSQL's string_agg says ORDER BY",
            { _ in
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
            }),
        View("claim_evidence") { _ in
            """
            -- Stances and assessments of standing events, with their dates.
            SELECT h.claim_id, h.event_seq, e.id AS event_id, h.kind, h.value, h.note,
                   e.occurred, e.occurred_start, e.occurred_sort, e.title, e.type
            FROM claim_history h JOIN standing_events e ON e.seq = h.event_seq
            """
        },
        View(
            "claim_standing",
            { _ in
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
            },
            postgres: "SQLite reads each claim's evidence once through JSON arrays, PostgreSQL through LATERAL joins",
            { _ in
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
            }),
        View("open_claims") { _ in
            """
            -- Claims still contested or unproven, with how much evidence supports them.
            SELECT * FROM claim_standing WHERE standing IN ('alleged', 'corroborated', 'disputed')
            """
        },
        View(
            "ban_periods",
            { _ in
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
            },
            postgres:
                "the targets' and items' order: SQLite's group_concat follows the scan, PostgreSQL's says ORDER BY",
            { _ in
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
            }),
        View("release_list") { _ in
            """
            -- Releases with the organisation that made them (the first actor).
            SELECT r.event_seq, e.id AS event_id, e.occurred, e.occurred_sort, r.product, p.name AS product_name,
                   r.version,
                   (SELECT a.entity_id FROM event_actors a
                    WHERE a.event_seq = r.event_seq ORDER BY a.position LIMIT 1) AS organisation,
                   e.title
            FROM releases r JOIN standing_events e ON e.seq = r.event_seq JOIN entities p ON p.id = r.product
            """
        },
    ]
}
