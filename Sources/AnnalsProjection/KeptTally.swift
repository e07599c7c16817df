import AnnalsCore
import GRDB

/// The kept rows a rebuild (or replay) counts in memory while it applies records, so it never
/// reads every stance's and lift's event back (a million random page reads). Claims and bans an
/// amendment touched are left out: ``KeptRows/deriveMissing(_:)`` derives them through the views
/// once the indexes exist (the tally follows only each fact as first applied).
final class KeptTally {
    struct Claim {
        var statement: String
        var introducedBy: Int64
        var counts: [String: Int64] = [:]
        var stances: Int64 = 0
        var first: String?
        var latest: String?
        var sources: Set<Int64> = []
        var assertionSources: Set<Int64> = []
        var assessed: (sort: String, seq: Int64, value: String)?
    }

    struct Ban {
        var authority: String
        var title: String
        var imposedBy: Int64
        var event: String
        var imposed: String
        var lifted: String?
        var partialLifts: Int64 = 0
        var relaxed: String?
    }

    private(set) var claims: [String: Claim] = [:]
    private(set) var bans: [String: Ban] = [:]
    /// The claims and bans an amendment touched: left out, for ``KeptRows/deriveMissing(_:)``.
    let amended = KeptChanges()
    /// The claims the current event took a stance on (a second stance of one event is ignored, as its row is).
    private var stancesOf: (seq: Int64, claims: Set<String>) = (0, [])

    /// A stance of the event at `seq` (which occurred from `day`) on `claim`, citing `sources`.
    func stance(_ claim: String, _ value: String, seq: Int64, day: String, statement: String, sources: [Int64]) {
        if stancesOf.seq != seq { stancesOf = (seq, []) }
        guard stancesOf.claims.insert(claim).inserted else { return }
        var c = claims[claim] ?? Claim(statement: statement, introducedBy: seq)
        c.counts[value, default: 0] += 1
        c.stances += 1
        c.seen(day)
        if value == "asserts" || value == "reports" || value == "acknowledges" { c.sources.formUnion(sources) }
        if value == "asserts" { c.assertionSources.formUnion(sources) }
        claims[claim] = c
    }

    /// An assessment of a known claim by the event at `seq`.
    func assessment(_ claim: String, _ value: String, seq: Int64, day: String, sort: String) {
        guard var c = claims[claim] else { return }
        c.seen(day)
        if c.assessed.map({ Self.precedes(($0.sort, $0.seq), (sort, seq)) }) ?? true {
            c.assessed = (sort, seq, value)
        }
        claims[claim] = c
    }

    func ban(_ id: String, authority: String, title: String, seq: Int64, event: String, imposed: String) {
        bans[id] = Ban(authority: authority, title: title, imposedBy: seq, event: event, imposed: imposed)
    }

    func lift(_ id: String, full: Bool, day: String) {
        guard var b = bans[id] else { return }
        if full {
            b.lifted = b.lifted.map { Self.less($0, day) ? $0 : day } ?? day
        } else {
            b.partialLifts += 1
            b.relaxed = b.relaxed.map { Self.less($0, day) ? $0 : day } ?? day
        }
        bans[id] = b
    }

    /// Writes the rows of every claim and ban no amendment touched.
    func write(_ db: Database) throws {
        let claimInsert = try db.makeStatement(
            sql:
                "INSERT INTO claim_standing_now (\(KeptRows.claimColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        for (id, c) in claims where !amended.claims.contains(id) {
            try claimInsert.execute(arguments: c.row(id))
        }
        let banInsert = try db.makeStatement(
            sql: """
                INSERT INTO ban_periods_now (\(KeptRows.banColumns))
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                        (SELECT json_group_array(t.entity_id) FROM ban_target_facts t WHERE t.ban_id = ?1),
                        (SELECT json_group_array(i.item)
                         FROM (SELECT item FROM ban_item_facts WHERE ban_id = ?1 ORDER BY position) i))
                """)
        for (id, b) in bans where !amended.bans.contains(id) {
            try banInsert.execute(arguments: [
                id, b.authority, b.title, b.imposedBy, b.event, b.imposed, b.lifted, b.partialLifts, b.relaxed,
            ])
        }
    }

    /// Byte order, as SQLite's BINARY collation compares text.
    static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Whether assessment `a` comes before `b` (valid-time order, then log order).
    static func precedes(_ a: (String, Int64), _ b: (String, Int64)) -> Bool {
        a.0 == b.0 ? a.1 < b.1 : less(a.0, b.0)
    }
}

extension KeptTally.Claim {
    mutating func seen(_ day: String) {
        first = first.map { KeptTally.less($0, day) ? $0 : day } ?? day
        latest = latest.map { KeptTally.less(day, $0) ? $0 : day } ?? day
    }

    /// The row of `claim_standing_now`, by the rules of the `claim_standing` view.
    func row(_ id: String) -> StatementArguments {
        let n = { (value: String) in counts[value] ?? 0 }
        let standing: String
        if let a = assessed {
            standing = a.value
        } else if stances == 0 {
            standing = "retracted"
        } else if n("acknowledges") > 0 {
            standing = "confirmed"
        } else if n("denies") > 0 {
            standing = "disputed"
        } else if n("asserts") >= 2 && assertionSources.count >= 2 {
            standing = "corroborated"
        } else {
            standing = "alleged"
        }
        return [
            id, statement, standing, assessed == nil ? "derived" : "assessed", n("asserts"), n("reports"),
            n("denies"), n("acknowledges"), n("no-comment"), Int64(sources.count), first, latest, introducedBy,
        ]
    }
}

extension Projector {
    /// Counts the facts of `r` (its stances citing `cited`, assessment, ban, lift) into the tally.
    func tallyFacts(_ r: LogRecord, cited: [Int64]) {
        guard let tally else { return }
        let e = r.event
        let day = e.occurred.startDay
        for c in e.claims {
            tally.stance(
                c.id, c.stance.rawValue, seq: r.seq, day: day,
                statement: c.statement ?? replay?.statements[c.id] ?? c.id,
                sources: cited)
        }
        if let a = e.assessment {
            tally.assessment(a.claim, a.status.rawValue, seq: r.seq, day: day, sort: e.occurred.sortKey)
        }
        if let b = e.ban {
            tally.ban(
                b.id, authority: b.authority, title: e.title, seq: r.seq, event: r.id,
                imposed: b.effective?.startDay ?? day)
        }
        if let l = e.lifts {
            tally.lift(l.ban, full: l.scope.rawValue == "full", day: l.effective?.startDay ?? day)
        }
    }
}
