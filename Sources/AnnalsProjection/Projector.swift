import AnnalsCore
import GRDB

/// Applies records to a projection database, one at a time in log order. The same sequence of
/// records always gives the same database, whether applied in one rebuild or in several catch-ups.
///
/// The live projection keeps every fact with the seq that made it known: a correction or
/// retraction never updates a row in place, it closes the event's current version (and, when it
/// replaces them, its actors or citations) and opens the next one (see ``Schema``).
struct Projector {
    let db: Database

    /// Set only for replays (the reference the moment views are tested against): the records and
    /// rules of one moment, applied the old way.
    var replay: ReplayFilter?

    /// The claims and bans whose kept rows the records applied since the last ``keepUp()`` changed.
    let kept = KeptChanges()
    /// Set for rebuilds and replays: the kept rows counted as records are applied.
    var tally: KeptTally?

    init(db: Database) { self.db = db }

    /// Brings the kept rows of what the records applied so far changed up to date (a catch-up
    /// calls it once, after its last record; a rebuild derives every kept row instead).
    func keepUp() throws {
        try KeptRows.derive(kept, in: db)
    }

    func apply(_ r: LogRecord) throws {
        let e = r.event
        switch e.type {
        case .correction, .retraction:
            try applyAmendment(r)
            return
        case .entity:
            break
        default:
            if let replay, !replay.occursInPeriod(r) { return }
        }
        try insertVersion(of: r, amends: nil)
        try insertActors(r.seq, e.actors, from: r.seq)
        let cited = try insertSources(r.seq, e.sources, from: r.seq)
        try insertFacts(r, cited: cited)
        try index(r.seq, title: e.title, summary: e.summary, quotes: quotes(e.sources))
    }

    /// The facts no correction changes: entities, claims and stances, assessments, bans, lifts, releases.
    private func insertFacts(_ r: LogRecord, cited: [Int64]) throws {
        let e = r.event
        tallyFacts(r, cited: cited)
        if let x = e.entity {
            try exec(
                "INSERT INTO entity_facts (id, kind, name, registered_by, names) VALUES (?, ?, ?, ?, ?)",
                [x.id, x.kind, x.name, r.seq, Self.jsonText(x.names)])
            for alias in x.aliases {
                try exec("INSERT OR IGNORE INTO entity_alias_facts (entity_id, alias) VALUES (?, ?)", [x.id, alias])
            }
        }
        for c in e.claims {
            kept.claims.insert(c.id)
            try exec(
                "INSERT OR IGNORE INTO claim_facts (id, statement, introduced_by) VALUES (?, ?, ?)",
                [c.id, c.statement ?? replay?.statements[c.id] ?? c.id, r.seq])
            try exec(
                "INSERT OR IGNORE INTO claim_history_facts (claim_id, event_seq, kind, value) VALUES (?, ?, 'stance', ?)",
                [c.id, r.seq, c.stance.rawValue])
        }
        if let a = e.assessment, try exists("SELECT 1 FROM claim_facts WHERE id = ?", [a.claim]) {
            kept.claims.insert(a.claim)
            try exec(
                "INSERT OR IGNORE INTO claim_history_facts (claim_id, event_seq, kind, value, note) VALUES (?, ?, "
                    + "'assessment', ?, ?)",
                [a.claim, r.seq, a.status.rawValue, a.note])
        }
        if let b = e.ban {
            kept.bans.insert(b.id)
            try exec(
                "INSERT INTO ban_facts (id, imposed_by, authority, effective) VALUES (?, ?, ?, ?)",
                [b.id, r.seq, b.authority, b.effective?.startDay])
            for t in Set(b.targets).sorted() {
                try exec("INSERT INTO ban_target_facts (ban_id, entity_id) VALUES (?, ?)", [b.id, t])
            }
            for (i, item) in b.items.enumerated() {
                try exec("INSERT INTO ban_item_facts (ban_id, position, item) VALUES (?, ?, ?)", [b.id, i, item])
            }
        }
        if let l = e.lifts, try exists("SELECT 1 FROM ban_facts WHERE id = ?", [l.ban]) {
            kept.bans.insert(l.ban)
            try exec(
                "INSERT INTO ban_lift_facts (ban_id, event_seq, scope, effective) VALUES (?, ?, ?, ?)",
                [l.ban, r.seq, l.scope.rawValue, l.effective?.startDay])
        }
        if let c = e.capture { try insertCapture(c, seq: r.seq) }
        if let rel = e.release {
            try exec(
                "INSERT INTO release_facts (event_seq, product, version) VALUES (?, ?, ?)",
                [r.seq, rel.product, rel.version])
        }
    }

    /// A capture's facts: the page fetched, its digest, its WARC record and the quotes found.
    private func insertCapture(_ c: CaptureSpec, seq: Int64) throws {
        try exec(
            "INSERT INTO capture_facts (event_seq, url, final_url, fetched, status, content_type, length, sha256, "
                + "warc_file, warc_record_id, archive_url, selectors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                seq, c.url, c.finalURL, c.fetched.description, c.status, c.contentType, c.length, c.sha256,
                c.warcFile, c.warcRecordID, c.archiveURL,
                String(decoding: CanonicalJSON.encode(.array(c.selectors.map(\.json))), as: UTF8.self),
            ])
    }

    /// The first version of an event, current from its own seq.
    private func insertVersion(of r: LogRecord, amends: Int64?) throws {
        let e = r.event
        try exec(
            """
            INSERT INTO event_versions (vid, seq, id, type, title, summary, occurred, occurred_precision,
                                        occurred_start, occurred_end, occurred_sort, certainty, recorded, recorder,
                                        hash, amends, known_from)
            VALUES (?1, ?1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?1)
            """,
            [
                r.seq, r.id, e.type.rawValue, e.title, e.summary, e.occurred.description, e.occurred.precision.rawValue,
                e.occurred.startDay, e.occurred.lastDay, e.occurred.sortKey, e.certainty, r.recorded.description,
                r.recorder, r.hash, amends,
            ])
    }

    /// Canonical JSON text of `items` (nil when empty, so the column stays NULL).
    static func jsonText(_ items: [JSONValue]) -> String? {
        items.isEmpty ? nil : String(decoding: CanonicalJSON.encode(.array(items)), as: UTF8.self)
    }

    /// `{"zh":"…"}` for an entity's names in other languages (nil when it has none).
    static func jsonText(_ names: [LocalName]) -> String? {
        guard !names.isEmpty else { return nil }
        var o: JSONObject = [:]
        for n in names { o[n.lang] = .string(n.text) }
        return String(decoding: CanonicalJSON.encode(.object(o)), as: UTF8.self)
    }

    private func insertActors(_ seq: Int64, _ actors: [ActorRef], from known: Int64) throws {
        for (i, a) in actors.enumerated() {
            try exec(
                "INSERT INTO event_actor_versions (event_seq, position, known_from, entity_id, role) "
                    + "VALUES (?, ?, ?, ?, ?)",
                [seq, i, known, a.entity, a.role])
        }
    }

    @discardableResult
    private func insertSources(_ seq: Int64, _ sources: [Source], from known: Int64) throws -> [Int64] {
        var ids: [Int64] = []
        for (i, s) in sources.enumerated() {
            let id = try sourceID(s, citedBy: known)
            ids.append(id)
            try exec(
                "INSERT INTO event_source_versions (event_seq, position, known_from, source_id, quote, quote_lang, "
                    + "translations) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [seq, i, known, id, s.quote, s.quoteLang, Self.jsonText(s.translations.map(\.json))])
        }
        return ids
    }

    /// The id of the source row for `s`: the first citation of a URL (or publisher and title)
    /// in the log defines it (a replay takes ids and fields from the whole log, so they never
    /// depend on its date).
    private func sourceID(_ s: Source, citedBy seq: Int64) throws -> Int64 {
        let key = s.key
        if let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM source_facts WHERE key = ?"), arguments: [key])
        {
            return existing
        }
        let defined = replay?.sources[key]
        let d = defined?.source ?? s
        try exec(
            "INSERT INTO source_facts (id, key, url, publisher, title, published, first_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [defined?.id, key, d.url, d.publisher, d.title, d.published?.description, seq])
        return db.lastInsertedRowID
    }

    private func quotes(_ sources: [Source]) -> String {
        sources.compactMap(\.quote).joined(separator: "\n")
    }

    private func index(_ vid: Int64, title: String, summary: String?, quotes: String) throws {
        try exec(
            "INSERT INTO search (rowid, title, summary, quotes) VALUES (?, ?, ?, ?)", [vid, title, summary, quotes])
        try exec(
            "INSERT INTO search_terms (rowid, title, summary, quotes) VALUES (?, ?, ?, ?)",
            [vid, SearchText.prepare(title), summary.map(SearchText.prepare), SearchText.prepare(quotes)])
    }

    /// A correction or retraction supersedes its target's current version: the old version
    /// moves to vid = -(amendment seq) with known_until set, and the new one, with the patched
    /// fields (or status retracted), takes its place. The amending event itself is kept as an
    /// event of its own (it is part of the record).
    private func applyAmendment(_ r: LogRecord) throws {
        guard let a = r.event.amends,
            let target = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT seq FROM event_versions WHERE id = ? AND vid > 0"),
                arguments: [a.event])
        else { return }
        try kept.amended(target, in: db)
        try tally?.amended.amended(target, in: db)
        try insertVersion(of: r, amends: target)
        try insertSources(r.seq, r.event.sources, from: r.seq)
        try index(r.seq, title: r.event.title, summary: r.event.summary ?? a.reason, quotes: quotes(r.event.sources))
        try supersede(target, by: r.seq)
        let retraction = r.event.type == .retraction
        try exec(
            "UPDATE event_versions SET status = CASE WHEN ? OR status = 'retracted' THEN 'retracted' "
                + "ELSE 'corrected' END WHERE vid = ?",
            [retraction, target])
        if !retraction, let p = a.set { try patch(target, with: p, by: r.seq) }
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT title, summary FROM event_versions WHERE vid = ?"), arguments: [target])!
        let quotes = try String.fetchAll(
            db.cachedStatement(
                sql: "SELECT quote FROM event_source_versions WHERE event_seq = ? AND known_until IS NULL "
                    + "AND quote IS NOT NULL ORDER BY position"),
            arguments: [target])
        try index(target, title: row[0], summary: row[1], quotes: quotes.joined(separator: "\n"))
    }

    /// Moves the current version of `target` (and its full-text row) to vid = -`seq`, closed at
    /// `seq`, and opens a copy of it as the current version, made by `seq`.
    private func supersede(_ target: Int64, by seq: Int64) throws {
        try exec("UPDATE event_versions SET vid = ?, known_until = ? WHERE vid = ?", [-seq, seq, target])
        try exec(
            """
            INSERT INTO event_versions (vid, seq, id, type, title, summary, occurred, occurred_precision,
                                        occurred_start, occurred_end, occurred_sort, certainty, recorded, recorder,
                                        hash, status, amended_by, amends, known_from)
            SELECT seq, seq, id, type, title, summary, occurred, occurred_precision, occurred_start, occurred_end,
                   occurred_sort, certainty, recorded, recorder, hash, status, ?1, amends, ?1
            FROM event_versions WHERE vid = ?2
            """, [seq, -seq])
        try exec(
            "INSERT INTO search (rowid, title, summary, quotes) SELECT ?, title, summary, quotes FROM search "
                + "WHERE rowid = ?", [-seq, target])
        try exec("DELETE FROM search WHERE rowid = ?", [target])
        try exec(
            "INSERT INTO search_terms (rowid, title, summary, quotes) SELECT ?, title, summary, quotes FROM search_terms "
                + "WHERE rowid = ?", [-seq, target])
        try exec("DELETE FROM search_terms WHERE rowid = ?", [target])
    }

    /// Applies a correction's fields to the current version of `target`; replaced actors and
    /// citations are closed at `seq` and the new ones known from it.
    private func patch(_ target: Int64, with p: EventPatch, by seq: Int64) throws {
        if let title = p.title { try exec("UPDATE event_versions SET title = ? WHERE vid = ?", [title, target]) }
        if let summary = p.summary {
            try exec("UPDATE event_versions SET summary = ? WHERE vid = ?", [summary, target])
        }
        if let certainty = p.certainty {
            try exec("UPDATE event_versions SET certainty = ? WHERE vid = ?", [certainty, target])
        }
        if let d = p.occurred {
            try exec(
                """
                UPDATE event_versions SET occurred = ?, occurred_precision = ?, occurred_start = ?, occurred_end = ?,
                                          occurred_sort = ?
                WHERE vid = ?
                """, [d.description, d.precision.rawValue, d.startDay, d.lastDay, d.sortKey, target])
        }
        if let actors = p.actors {
            try exec(
                "UPDATE event_actor_versions SET known_until = ? WHERE event_seq = ? AND known_until IS NULL",
                [seq, target])
            try insertActors(target, actors, from: seq)
        }
        if let sources = p.sources {
            try exec(
                "UPDATE event_source_versions SET known_until = ? WHERE event_seq = ? AND known_until IS NULL",
                [seq, target])
            try insertSources(target, sources, from: seq)
        }
    }

    private func exec(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private func exists(_ sql: String, _ arguments: StatementArguments) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? false
    }
}
