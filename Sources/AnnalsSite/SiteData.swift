import AnnalsCore
import AnnalsProjection

/// The data a site page embeds, as one JSON value: events with their actors, stances and
/// sources; entities; claims; bans; and the claim standings and bans in force at each date the
/// as-of control can pick ("moments"), computed by replaying the ledger to those dates.
public struct SiteData: Sendable {
    public var json: JSONValue
    public var eventCount: Int
    /// The state of the ledger the page shows, printed in its footer.
    public var state: LedgerState
    public var months: [(month: String, counts: [String: Int])]

    /// Event types grouped into the lanes and colours the page uses: the Okabe–Ito palette, whose
    /// colours stay apart under protanopia, deuteranopia and tritanopia, each with the ink (black or
    /// white) that reads on it with at least WCAG AA contrast (4.5:1).
    public static let lanes: [(name: String, types: [String], colour: String, ink: String)] = [
        ("Bans", ["ban", "ban-lifted"], "#D55E00", "#000000"),
        ("Releases", ["release"], "#009E73", "#000000"),
        ("Accusations", ["accusation"], "#CC79A7", "#000000"),
        ("Reports", ["report"], "#E69F00", "#000000"),
        ("Responses", ["response"], "#0072B2", "#FFFFFF"),
        ("Announcements", ["announcement"], "#56B4E9", "#000000"),
        ("Assessments & corrections", ["claim-status", "correction", "retraction"], "#000000", "#FFFFFF"),
    ]

    public static func lane(of type: String) -> String {
        lanes.first { $0.types.contains(type) }?.name ?? lanes.last!.name
    }

    /// `rows` from ``ProjectionReader/siteRows()``; `moments` maps each date (YYYY-MM-DD) to the
    /// state then: claim standings and bans in force; `state`, the ledger state the page shows;
    /// `capture`, what the newest capture of a source's URL says (and of its quote, if any).
    public init(
        rows: SiteRows, moments: [(date: String, claims: [ClaimSummary], bans: [BanEntry])], state: LedgerState,
        capture: (_ url: String, _ quote: String?) -> CaptureStatus
    ) {
        let (events, monthCounts) = Self.events(rows, parts: EventParts(rows, capture: capture))
        self.state = state
        json = .object([
            "generated": state.json,
            "events": .array(events), "entities": .object(Self.entities(rows)), "claims": .array(Self.claims(rows)),
            "bans": .array(Self.bans(rows)), "moments": .array(Self.moments(moments)),
            "lanes": .array(
                Self.lanes.filter { lane in monthCounts.values.contains { $0[lane.name] != nil } }.map {
                    .object(["name": .string($0.name), "colour": .string($0.colour), "ink": .string($0.ink)])
                }),
        ])
        eventCount = events.count
        months = monthCounts.keys.sorted().map { ($0, monthCounts[$0]!) }
    }

    /// A text as a JSON string, or null when absent.
    private static func s(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

    /// Each event's actors, stances and sources as JSON, by event seq.
    private struct EventParts {
        var actors: [Int64: [JSONValue]] = [:]
        var stances: [Int64: [JSONValue]] = [:]
        var sources: [Int64: [JSONValue]] = [:]

        /// Groups the actor, stance and source rows by the event they belong to; a source with a
        /// URL carries its capture status.
        init(_ rows: SiteRows, capture: (String, String?) -> CaptureStatus) {
            for a in rows.actors {
                actors[a.eventSeq, default: []].append(.array([s(a.entityID), s(a.role)]))
            }
            for h in rows.stances {
                stances[h.eventSeq, default: []].append(.array([s(h.claimID), s(h.kind), s(h.value)]))
            }
            for c in rows.sources {
                var source: JSONObject = [
                    "publisher": s(c.publisher), "title": s(c.title), "url": s(c.url),
                    "published": s(c.published), "quote": s(c.quote),
                ]
                if let url = c.url { source["capture"] = capture(url, c.quote).json }
                sources[c.eventSeq, default: []].append(.object(source))
            }
        }
    }

    /// The events as JSON, and how many of each lane occurred in each month (YYYY-MM).
    private static func events(
        _ rows: SiteRows, parts: EventParts
    ) -> (events: [JSONValue], monthCounts: [String: [String: Int]]) {
        var events: [JSONValue] = []
        var monthCounts: [String: [String: Int]] = [:]
        for e in rows.events {
            events.append(
                .object([
                    "seq": .integer(e.seq), "id": s(e.id), "date": s(e.occurredStart), "occurred": s(e.occurred),
                    "type": s(e.type), "lane": s(Self.lane(of: e.type)), "title": s(e.title), "summary": s(e.summary),
                    "status": s(e.status), "certainty": s(e.certainty), "recorded": s(e.recorded),
                    "recorder": s(e.recorder), "actors": .array(parts.actors[e.seq] ?? []),
                    "claims": .array(parts.stances[e.seq] ?? []), "sources": .array(parts.sources[e.seq] ?? []),
                ]))
            monthCounts[String(e.occurredStart.prefix(7)), default: [:]][Self.lane(of: e.type), default: 0] += 1
        }
        return (events, monthCounts)
    }

    /// Entity names by entity id.
    private static func entities(_ rows: SiteRows) -> JSONObject {
        var entities = JSONObject()
        for e in rows.entities { entities[e.id] = s(e.name) }
        return entities
    }

    /// The claims with their current standing, basis and first and latest dates.
    private static func claims(_ rows: SiteRows) -> [JSONValue] {
        rows.claims.map { c in
            .object([
                "id": s(c.id), "statement": s(c.statement), "standing": s(c.standing), "basis": s(c.basis),
                "first": s(c.firstOccurred), "latest": s(c.latestOccurred),
            ])
        }
    }

    /// The bans with their periods and the lifts of each.
    private static func bans(_ rows: SiteRows) -> [JSONValue] {
        var liftsByBan: [String: [JSONValue]] = [:]
        for l in rows.lifts {
            liftsByBan[l.banID, default: []].append(.object(["scope": s(l.scope), "date": s(l.date)]))
        }
        return rows.bans.map { b in
            .object([
                "id": s(b.id), "title": s(b.title), "authority": s(b.authority), "targets": s(b.targets),
                "items": s(b.items), "imposed": s(b.imposed), "lifted": s(b.lifted),
                "lifts": .array(liftsByBan[b.id] ?? []),
            ])
        }
    }

    /// Each moment's claim standings and bans in force, by claim and ban id.
    private static func moments(
        _ moments: [(date: String, claims: [ClaimSummary], bans: [BanEntry])]
    ) -> [JSONValue] {
        moments.map { m in
            var standing = JSONObject()
            for c in m.claims { standing[c.id] = s(c.standing) }
            var inForce = JSONObject()
            for b in m.bans { inForce[b.id] = s(b.status) }
            return .object(["date": .string(m.date), "standing": .object(standing), "bans": .object(inForce)])
        }
    }
}
