import GRDB

extension ProjectionReader {
    /// Everything the feed, TimelineJS and JSON-LD exports show (see ``ExportRows``).
    public func exportRows() throws -> ExportRows {
        try within { ctx in
            ExportRows(
                events: try ctx.rows("SELECT * FROM events ORDER BY seq"),
                actors: try ctx.rows("SELECT * FROM event_actors ORDER BY event_seq, position"),
                stances: try ctx.rows("SELECT * FROM claim_history ORDER BY event_seq, claim_id"),
                sources: try ctx.rows(
                    """
                    SELECT es.event_seq, s.publisher, s.title, s.url, s.published, es.quote
                    FROM event_sources es JOIN sources s ON s.id = es.source_id ORDER BY es.event_seq, es.position
                    """),
                mentions: try ctx.rows(Self.mentions),
                entities: try ctx.rows("SELECT * FROM entities ORDER BY id"),
                claims: try ctx.rows("SELECT * FROM claim_standing ORDER BY first_occurred NULLS FIRST, id"),
                bans: try ctx.rows("SELECT * FROM ban_periods ORDER BY imposed, id"),
                lifts: try ctx.rows(Self.lifts),
                lastRecorded: try ctx.column("SELECT max(recorded) FROM events", as: String.self).first)
        }
    }

    /// The standing lifts of the bans, with the day each took effect.
    static let lifts = """
        SELECT l.ban_id, l.scope, coalesce(l.effective, e.occurred_start) AS date
        FROM ban_lifts l JOIN standing_events e ON e.seq = l.event_seq ORDER BY date, l.ban_id
        """

    /// Each event's named entities, once each: actors, the authority and targets of the ban it
    /// imposes or lifts, and the product it releases.
    static let mentions = """
        SELECT DISTINCT event_seq, entity_id FROM (
            SELECT a.event_seq, a.entity_id FROM event_actors a
            UNION ALL SELECT b.imposed_by, b.authority FROM bans b
            UNION ALL SELECT b.imposed_by, t.entity_id FROM bans b JOIN ban_targets t ON t.ban_id = b.id
            UNION ALL SELECT l.event_seq, b.authority FROM ban_lifts l JOIN bans b ON b.id = l.ban_id
            UNION ALL SELECT l.event_seq, t.entity_id FROM ban_lifts l JOIN ban_targets t ON t.ban_id = l.ban_id
            UNION ALL SELECT r.event_seq, r.product FROM releases r) m
        ORDER BY event_seq, entity_id
        """
}
