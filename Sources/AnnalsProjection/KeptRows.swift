import GRDB

/// Derives the kept rows (``Catalog/kept``) from the base tables, through the views at the
/// database's own moment (the live database: now). A rebuild or replay counts them while it
/// applies records (``KeptTally``); a restore derives them after loading; a catch-up replaces
/// only the rows of the claims and bans its records changed (``KeptChanges``), each one index
/// range of that claim's or ban's history.
enum KeptRows {
    static let claimColumns =
        "id, statement, standing, basis, assertions, reports, denials, acknowledgements, no_comments, "
        + "evidence_sources, first_occurred, latest_occurred, introduced_by"

    static let claimRows = "SELECT \(claimColumns) FROM claim_standing"

    static let banRows = """
        SELECT b.id, b.authority, b.title, b.imposed_by, b.imposed_event, b.imposed, b.lifted, b.partial_lifts,
               (SELECT min(coalesce(l.effective, le.occurred_start))
                FROM ban_lifts l JOIN standing_events le ON le.seq = l.event_seq
                WHERE l.ban_id = b.id AND l.scope = 'partial') AS relaxed,
               (SELECT json_group_array(t.entity_id) FROM ban_targets t WHERE t.ban_id = b.id) AS targets,
               (SELECT json_group_array(i.item)
                FROM (SELECT item FROM ban_items WHERE ban_id = b.id ORDER BY position) i) AS items
        FROM ban_periods b
        """

    static let banColumns =
        "id, authority, title, imposed_by, imposed_event, imposed, lifted, partial_lifts, relaxed, targets, items"

    /// Derives the kept rows of every claim and ban that has none (after a restore or a copy:
    /// all of them; after a rebuild: those ``KeptTally`` left out).
    static func deriveMissing(_ db: Database) throws {
        // Empty tables (a restore, a copy) in one statement each; otherwise one claim or ban at a time.
        if try !Bool.exists(db, "SELECT 1 FROM claim_standing_now LIMIT 1") {
            try db.execute(sql: "INSERT INTO claim_standing_now (\(claimColumns)) \(claimRows)")
        }
        if try !Bool.exists(db, "SELECT 1 FROM ban_periods_now LIMIT 1") {
            try db.execute(sql: "INSERT INTO ban_periods_now (\(banColumns)) \(banRows)")
        }
        let missing = KeptChanges()
        missing.claims = Set(
            try String.fetchAll(
                db, sql: "SELECT id FROM claim_facts WHERE id NOT IN (SELECT id FROM claim_standing_now)"))
        missing.bans = Set(
            try String.fetchAll(db, sql: "SELECT id FROM ban_facts WHERE id NOT IN (SELECT id FROM ban_periods_now)"))
        try derive(missing, in: db)
    }

    /// Replaces the kept rows of the claims and bans `changes` names.
    static func derive(_ changes: KeptChanges, in db: Database) throws {
        for id in changes.claims.sorted() {
            try db.cachedStatement(sql: "DELETE FROM claim_standing_now WHERE id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "INSERT INTO claim_standing_now (\(claimColumns)) \(claimRows) WHERE id = ?")
                .execute(arguments: [id])
        }
        for id in changes.bans.sorted() {
            try db.cachedStatement(sql: "DELETE FROM ban_periods_now WHERE id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "INSERT INTO ban_periods_now (\(banColumns)) \(banRows) WHERE b.id = ?")
                .execute(arguments: [id])
        }
        changes.claims.removeAll()
        changes.bans.removeAll()
    }
}

/// The claims and bans whose kept rows the records applied so far changed.
final class KeptChanges {
    var claims: Set<String> = []
    var bans: Set<String> = []

    /// Everything an amendment of the event at `target` can change: the claims it takes a stance
    /// on or assesses, the ban it imposes and the ban it lifts.
    func amended(_ target: Int64, in db: Database) throws {
        claims.formUnion(
            try String.fetchAll(
                db.cachedStatement(sql: "SELECT claim_id FROM claim_history_facts WHERE event_seq = ?"),
                arguments: [target]))
        bans.formUnion(
            try String.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id FROM ban_facts WHERE imposed_by = ?1 "
                        + "UNION SELECT ban_id FROM ban_lift_facts WHERE event_seq = ?1"),
                arguments: [target]))
    }
}

extension Bool {
    /// Whether `sql` returns a row.
    static func exists(_ db: Database, _ sql: String) throws -> Bool {
        try Row.fetchOne(db, sql: sql) != nil
    }
}
