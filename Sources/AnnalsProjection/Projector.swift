import AnnalsCore
import GRDB

/// Applies records to a projection database, one at a time in log order. The same sequence of
/// records always gives the same database, whether applied in one rebuild or in several catch-ups.
struct Projector {
    let db: Database

    /// Valid-time filter for replays: events that occurred after it are left out. Entity
    /// registrations always apply; corrections and retractions apply when their target is present.
    var asOf: String?
    /// Events whose effective valid time is known in advance (corrections applied), for replay.
    var effectiveStart: [String: String] = [:]
    /// Claim statements from the whole log, for replays that leave out the event that gave one.
    var statements: [String: String] = [:]

    init(db: Database) { self.db = db }

    func apply(_ r: LogRecord) throws {
        let e = r.event
        switch e.type {
        case .correction, .retraction:
            try applyAmendment(r)
            return
        case .entity:
            break
        default:
            if let asOf, (effectiveStart[r.id] ?? e.occurred.startDay) > asOf { return }
        }
        try insertEvent(r, amends: nil)
        try insertActors(r.seq, e.actors)
        try insertSources(r.seq, e.sources)
        if let x = e.entity {
            try exec(
                "INSERT INTO entities (id, kind, name, registered_by) VALUES (?, ?, ?, ?)",
                [x.id, x.kind, x.name, r.seq])
            for alias in x.aliases {
                try exec("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)", [x.id, alias])
            }
        }
        for c in e.claims {
            try exec(
                "INSERT OR IGNORE INTO claims (id, statement, introduced_by) VALUES (?, ?, ?)",
                [c.id, c.statement ?? statements[c.id] ?? c.id, r.seq])
            try exec(
                "INSERT OR IGNORE INTO claim_history (claim_id, event_seq, kind, value) VALUES (?, ?, 'stance', ?)",
                [c.id, r.seq, c.stance.rawValue])
        }
        if let a = e.assessment, try exists("SELECT 1 FROM claims WHERE id = ?", [a.claim]) {
            try exec(
                "INSERT OR IGNORE INTO claim_history (claim_id, event_seq, kind, value, note) VALUES (?, ?, "
                    + "'assessment', ?, ?)",
                [a.claim, r.seq, a.status.rawValue, a.note])
        }
        if let b = e.ban {
            try exec(
                "INSERT INTO bans (id, imposed_by, authority, effective) VALUES (?, ?, ?, ?)",
                [b.id, r.seq, b.authority, b.effective?.startDay])
            for t in Set(b.targets).sorted() {
                try exec("INSERT INTO ban_targets (ban_id, entity_id) VALUES (?, ?)", [b.id, t])
            }
            for (i, item) in b.items.enumerated() {
                try exec("INSERT INTO ban_items (ban_id, position, item) VALUES (?, ?, ?)", [b.id, i, item])
            }
        }
        if let l = e.lifts, try exists("SELECT 1 FROM bans WHERE id = ?", [l.ban]) {
            try exec(
                "INSERT INTO ban_lifts (ban_id, event_seq, scope, effective) VALUES (?, ?, ?, ?)",
                [l.ban, r.seq, l.scope.rawValue, l.effective?.startDay])
        }
        if let rel = e.release {
            try exec(
                "INSERT INTO releases (event_seq, product, version) VALUES (?, ?, ?)",
                [r.seq, rel.product, rel.version])
        }
        try index(r.seq, title: e.title, summary: e.summary, sources: e.sources)
    }

    private func insertEvent(_ r: LogRecord, amends: Int64?) throws {
        let e = r.event
        try exec(
            """
            INSERT INTO events (seq, id, type, title, summary, occurred, occurred_precision, occurred_start,
                                occurred_end, occurred_sort, certainty, recorded, recorder, hash, amends)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                r.seq, r.id, e.type.rawValue, e.title, e.summary, e.occurred.description, e.occurred.precision.rawValue,
                e.occurred.startDay, e.occurred.lastDay, e.occurred.sortKey, e.certainty, r.recorded.description,
                r.recorder, r.hash, amends,
            ])
    }

    private func insertActors(_ seq: Int64, _ actors: [ActorRef]) throws {
        for (i, a) in actors.enumerated() {
            try exec(
                "INSERT INTO event_actors (event_seq, position, entity_id, role) VALUES (?, ?, ?, ?)",
                [seq, i, a.entity, a.role])
        }
    }

    private func insertSources(_ seq: Int64, _ sources: [Source]) throws {
        for (i, s) in sources.enumerated() {
            let id = try sourceID(s)
            try exec(
                "INSERT INTO event_sources (event_seq, position, source_id, quote) VALUES (?, ?, ?, ?)",
                [seq, i, id, s.quote])
        }
    }

    /// The id of the source row for `s`: the first citation of a URL (or publisher and title) defines it.
    private func sourceID(_ s: Source) throws -> Int64 {
        let key = s.url ?? "\(s.publisher ?? "")\u{1F}\(s.title ?? "")"
        if let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM sources WHERE key = ?"), arguments: [key])
        {
            return existing
        }
        try exec(
            "INSERT INTO sources (key, url, publisher, title, published) VALUES (?, ?, ?, ?, ?)",
            [key, s.url, s.publisher, s.title, s.published?.description])
        return db.lastInsertedRowID
    }

    private func index(_ seq: Int64, title: String, summary: String?, sources: [Source]) throws {
        let quotes = sources.compactMap(\.quote).joined(separator: "\n")
        try exec(
            "INSERT OR REPLACE INTO search (rowid, title, summary, quotes) VALUES (?, ?, ?, ?)",
            [seq, title, summary, quotes])
    }

    /// A correction replaces fields of its target; a retraction marks it retracted. The
    /// amending event itself is kept in `events` (it is part of the record).
    private func applyAmendment(_ r: LogRecord) throws {
        guard let a = r.event.amends,
            let target = try Int64.fetchOne(db, sql: "SELECT seq FROM events WHERE id = ?", arguments: [a.event])
        else { return }
        try insertEvent(r, amends: target)
        try insertSources(r.seq, r.event.sources)
        try index(r.seq, title: r.event.title, summary: r.event.summary ?? a.reason, sources: r.event.sources)
        if r.event.type == .retraction {
            try exec("UPDATE events SET status = 'retracted', amended_by = ? WHERE seq = ?", [r.seq, target])
            return
        }
        guard let p = a.set else { return }
        if let title = p.title { try exec("UPDATE events SET title = ? WHERE seq = ?", [title, target]) }
        if let summary = p.summary { try exec("UPDATE events SET summary = ? WHERE seq = ?", [summary, target]) }
        if let certainty = p.certainty {
            try exec("UPDATE events SET certainty = ? WHERE seq = ?", [certainty, target])
        }
        if let d = p.occurred {
            try exec(
                """
                UPDATE events SET occurred = ?, occurred_precision = ?, occurred_start = ?, occurred_end = ?,
                                  occurred_sort = ?
                WHERE seq = ?
                """, [d.description, d.precision.rawValue, d.startDay, d.lastDay, d.sortKey, target])
        }
        if let actors = p.actors {
            try exec("DELETE FROM event_actors WHERE event_seq = ?", [target])
            try insertActors(target, actors)
        }
        if let sources = p.sources {
            try exec("DELETE FROM event_sources WHERE event_seq = ?", [target])
            try insertSources(target, sources)
        }
        try exec(
            "UPDATE events SET status = CASE status WHEN 'retracted' THEN 'retracted' ELSE 'corrected' END, "
                + "amended_by = ? WHERE seq = ?",
            [r.seq, target])
        if p.title != nil || p.summary != nil || p.sources != nil {
            let row = try Row.fetchOne(db, sql: "SELECT title, summary FROM events WHERE seq = ?", arguments: [target])!
            let quotes = try String.fetchAll(
                db, sql: "SELECT quote FROM event_sources WHERE event_seq = ? AND quote IS NOT NULL ORDER BY position",
                arguments: [target])
            try exec(
                "INSERT OR REPLACE INTO search (rowid, title, summary, quotes) VALUES (?, ?, ?, ?)",
                [target, row["title"] as String, row["summary"] as String?, quotes.joined(separator: "\n")])
        }
    }

    private func exec(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private func exists(_ sql: String, _ arguments: StatementArguments) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? false
    }
}
