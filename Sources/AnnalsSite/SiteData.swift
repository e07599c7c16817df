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
    /// white) that reads on it with at least WCAG AA contrast (4.5:1). A lane's name is not fixed:
    /// ``laneName(_:present:)`` words it from the types of the events it holds.
    public static let lanes: [(key: String, types: [String], colour: String, ink: String)] = [
        ("bans", ["ban", "ban-lifted"], "#D55E00", "#000000"),
        ("releases", ["release"], "#009E73", "#000000"),
        ("accusations", ["accusation"], "#CC79A7", "#000000"),
        ("reports", ["report"], "#E69F00", "#000000"),
        ("responses", ["response"], "#0072B2", "#FFFFFF"),
        ("announcements", ["announcement"], "#56B4E9", "#000000"),
        ("assessments", ["claim-status", "correction", "retraction"], "#000000", "#FFFFFF"),
    ]

    /// The plural word for the events of each type, from which lane names are made.
    static let typeWords: [String: String] = [
        "ban": "bans", "ban-lifted": "lifts", "release": "releases", "accusation": "accusations",
        "report": "reports", "response": "responses", "announcement": "announcements",
        "claim-status": "assessments", "correction": "corrections", "retraction": "retractions",
    ]

    /// The key of the lane events of `type` go in (a type no lane lists goes in the last).
    public static func lane(of type: String) -> String {
        lanes.first { $0.types.contains(type) }?.key ?? lanes.last!.key
    }

    /// A lane's name, worded from the types of the events it holds (`present`), in the lane's
    /// order: "Bans", "Bans and lifts", "Assessments, corrections and retractions".
    public static func laneName(_ key: String, present: Set<String>) -> String {
        let lane = lanes.first { $0.key == key } ?? lanes.last!
        var words = lane.types.filter(present.contains).compactMap { typeWords[$0] }
        // Types no lane lists (none today) are named by themselves.
        if key == lanes.last!.key {
            let listed = Set(lanes.flatMap(\.types))
            words += present.subtracting(listed).sorted()
        }
        if words.isEmpty { words = [key] }
        let joined =
            words.count == 1
            ? words[0] : words.dropLast().joined(separator: ", ") + " and " + words.last!
        return joined.prefix(1).uppercased() + joined.dropFirst()
    }

    /// The lanes that hold events, in the page's order, each with its name.
    public var shownLanes: [(key: String, name: String, colour: String, ink: String)]

    /// `rows` from ``ProjectionReader/siteRows()``; `moments` maps each date (YYYY-MM-DD) to the
    /// state then: claim standings and bans in force; `state`, the ledger state the page shows;
    /// `capture`, what the newest capture of a source's URL says (and of its quote, if any).
    public init(
        rows: SiteRows, moments: [(date: String, claims: [ClaimSummary], bans: [BanEntry])], state: LedgerState,
        capture: (_ url: String, _ quote: String?) -> CaptureStatus, languages: Languages = Languages()
    ) {
        let parts = EventParts(rows, capture: capture, quotes: languages.quotes)
        let (events, monthCounts) = Self.events(rows, parts: parts)
        let present = Set(rows.events.map(\.type))
        shownLanes = Self.lanes.filter { lane in monthCounts.values.contains { $0[lane.key] != nil } }.map { lane in
            let types = present.filter { Self.lane(of: $0) == lane.key }
            return (lane.key, Self.laneName(lane.key, present: types), lane.colour, lane.ink)
        }
        self.state = state
        json = .object([
            "generated": state.json,
            "events": .array(events), "entities": .object(Self.entities(rows)), "claims": .array(Self.claims(rows)),
            "bans": .array(Self.bans(rows)), "moments": .array(Self.moments(moments)),
            "lanes": .array(
                shownLanes.map {
                    .object([
                        "key": .string($0.key), "name": .string($0.name), "colour": .string($0.colour),
                        "ink": .string($0.ink),
                    ])
                }),
        ])
        languages.attach(to: &json)
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
        init(_ rows: SiteRows, capture: (String, String?) -> CaptureStatus, quotes: [QuoteLanguageRow]) {
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
                Languages.add(
                    QuoteLanguageRow.matching(eventSeq: c.eventSeq, url: c.url, quote: c.quote, in: quotes), to: &source
                )
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

    /// The bans with their authority and targets (entity ids, named on the page from `entities`),
    /// the day each was imposed and fully lifted, and the lifts of each (full or partial, by day),
    /// from which the page draws every period: in force, relaxed, lifted.
    private static func bans(_ rows: SiteRows) -> [JSONValue] {
        var liftsByBan: [String: [JSONValue]] = [:]
        for l in rows.lifts {
            liftsByBan[l.banID, default: []].append(.object(["scope": s(l.scope), "date": s(l.date)]))
        }
        return rows.bans.map { b in
            .object([
                "id": s(b.id), "title": s(b.title), "authority": s(b.authority),
                "targets": .array((b.targets ?? "").split(separator: ", ").map { .string(String($0)) }),
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
