import AnnalsProjection

/// An event as the exports show it: its row (corrections applied), actors, sources and stances,
/// the entities it names, and how it relates to the corrections and retractions of the log.
public struct ExportEvent: Sendable {
    public var row: EventRow
    public var actors: [ActorRole]
    public var sources: [ExportSource]
    /// The stances it takes on claims and the assessments it makes.
    public var stances: [ClaimHistoryRow]
    /// Entities it names as actor, ban authority or target, or released product.
    public var mentions: [String]
    /// For a correction or retraction: the record it amends, when that record is in the state.
    public var amended: EventRow?
    /// The latest correction or retraction of this event, when it has one.
    public var amender: EventRow?

    /// The time the event's current version was recorded: its own, or its latest amendment's.
    public var updated: String { max(row.recorded, amender?.recorded ?? row.recorded) }
    /// Whether the event was retracted.
    public var isRetracted: Bool { row.status == "retracted" }
    /// The stable id of the event in feeds and JSON-LD: `urn:annals:event:<event id>`.
    public var urn: String { Self.urn(row.id) }

    public static func urn(_ eventID: String) -> String { "urn:annals:event:" + eventID }
}

/// The rows of ``ExportRows`` assembled into ``ExportEvent``s, plus the claims and bans.
public struct ExportData: Sendable {
    /// Every event of the state but entity registrations, in log order.
    public var events: [ExportEvent]
    public var entities: [EntityRow]
    public var claims: [ClaimSummary]
    public var bans: [BanPeriod]
    /// The lifts of the bans, full or partial, by day.
    public var lifts: [BanLift]
    /// The latest `recorded` time of the state's records.
    public var lastRecorded: String?
    /// Entity names by id, and claim statements by id: what human text shows instead of ids.
    public var names: [String: String]
    public var statements: [String: String]

    public init(_ rows: ExportRows) {
        var actors: [Int64: [ActorRole]] = [:]
        for a in rows.actors { actors[a.eventSeq, default: []].append(ActorRole(entity: a.entityID, role: a.role)) }
        var sources: [Int64: [ExportSource]] = [:]
        for s in rows.sources { sources[s.eventSeq, default: []].append(ExportSource(s)) }
        var stances: [Int64: [ClaimHistoryRow]] = [:]
        for h in rows.stances { stances[h.eventSeq, default: []].append(h) }
        var mentions: [Int64: [String]] = [:]
        for m in rows.mentions { mentions[m.eventSeq, default: []].append(m.entityID) }
        let bySeq = Dictionary(rows.events.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
        events = rows.events.filter { $0.type != "entity" }.map { row in
            ExportEvent(
                row: row, actors: actors[row.seq] ?? [], sources: sources[row.seq] ?? [],
                stances: stances[row.seq] ?? [], mentions: mentions[row.seq] ?? [],
                amended: row.amends.flatMap { bySeq[$0] }, amender: row.amendedBy.flatMap { bySeq[$0] })
        }
        entities = rows.entities
        claims = rows.claims
        bans = rows.bans
        lifts = rows.lifts
        lastRecorded = rows.lastRecorded
        names = Dictionary(rows.entities.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        statements = Dictionary(rows.claims.map { ($0.id, $0.statement) }, uniquingKeysWith: { a, _ in a })
    }

    /// The name of the entity `id` (its id when the state does not register it).
    public func name(_ id: String) -> String { names[id] ?? id }

    /// A ban's periods: in force from the day it was imposed, relaxed from its first partial
    /// lift, lifted from its full lift; each ends the day the next begins (`to` nil: it still lasts).
    public func periods(of ban: BanPeriod) -> [(status: String, from: String, to: String?)] {
        var starts = [("in force", ban.imposed)]
        let partial = lifts.filter { $0.banID == ban.id && $0.scope == "partial" }.map(\.date).min()
        if let partial, ban.lifted.map({ partial < $0 }) ?? true {
            starts.append(("relaxed", max(partial, ban.imposed)))
        }
        if let lifted = ban.lifted { starts.append(("lifted", max(lifted, ban.imposed))) }
        var periods: [(status: String, from: String, to: String?)] = []
        for (i, start) in starts.enumerated() {
            let to = i + 1 < starts.count ? starts[i + 1].1 : nil
            if let to, to <= start.1 { continue }
            periods.append((start.0, start.1, to))
        }
        return periods
    }

    /// The events that stand (not retracted), in valid-time order, then log order: what the
    /// timeline shows.
    public var standing: [ExportEvent] {
        events.filter { !$0.isRetracted }.sorted {
            ($0.row.occurredSort, $0.row.seq) < ($1.row.occurredSort, $1.row.seq)
        }
    }
}
