import AnnalsCore
import AnnalsProjection

/// The data a site page embeds, as one JSON value: events with their actors, stances and
/// sources; entities; claims; bans; and the claim standings and bans in force at each date the
/// as-of control can pick ("moments"), computed by replaying the ledger to those dates.
public struct SiteData: Sendable {
    public var json: JSONValue
    public var eventCount: Int
    public var months: [(month: String, counts: [String: Int])]

    /// Event types grouped into the lanes and colours the page uses.
    public static let lanes: [(name: String, types: [String], colour: String)] = [
        ("Bans", ["ban", "ban-lifted"], "#b3261e"),
        ("Releases", ["release"], "#1a7f37"),
        ("Accusations", ["accusation"], "#8250df"),
        ("Reports", ["report"], "#bc4c00"),
        ("Responses", ["response"], "#0969da"),
        ("Announcements", ["announcement"], "#57606a"),
        ("Assessments & corrections", ["claim-status", "correction", "retraction"], "#9a6700"),
    ]

    public static func lane(of type: String) -> String {
        lanes.first { $0.types.contains(type) }?.name ?? lanes.last!.name
    }

    /// `tables` from ``ProjectionReader/siteTables()``; `moments` maps each date (YYYY-MM-DD)
    /// to the state then: claim standings and bans in force.
    public init(
        tables: [String: ResultTable], moments: [(date: String, claims: ResultTable, bans: ResultTable)], asOf: String?,
        seq: Int64
    ) {
        func s(_ c: ResultTable.Cell) -> JSONValue {
            switch c {
            case .null: .null
            case .integer(let i): .integer(i)
            case .text(let t): .string(t)
            default: .string(c.text)
            }
        }
        func rows(_ t: ResultTable) -> [[String: ResultTable.Cell]] {
            t.rows.map { Dictionary(uniqueKeysWithValues: zip(t.columns, $0)) }
        }
        var actors: [Int64: [JSONValue]] = [:]
        var stances: [Int64: [JSONValue]] = [:]
        var sources: [Int64: [JSONValue]] = [:]
        for r in rows(tables["actors"]!) {
            guard case .integer(let seq) = r["event_seq"]! else { continue }
            actors[seq, default: []].append(.array([s(r["entity_id"]!), s(r["role"]!)]))
        }
        for r in rows(tables["stances"]!) {
            guard case .integer(let seq) = r["event_seq"]! else { continue }
            stances[seq, default: []].append(.array([s(r["claim_id"]!), s(r["kind"]!), s(r["value"]!)]))
        }
        for r in rows(tables["sources"]!) {
            guard case .integer(let seq) = r["event_seq"]! else { continue }
            sources[seq, default: []].append(
                .object([
                    "publisher": s(r["publisher"]!), "title": s(r["title"]!), "url": s(r["url"]!),
                    "published": s(r["published"]!), "quote": s(r["quote"]!),
                ]))
        }
        var events: [JSONValue] = []
        var monthCounts: [String: [String: Int]] = [:]
        for r in rows(tables["events"]!) {
            guard case .integer(let seq) = r["seq"]! else { continue }
            let start = r["occurred_start"]!.text
            events.append(
                .object([
                    "seq": .integer(seq), "id": s(r["id"]!), "date": .string(start), "occurred": s(r["occurred"]!),
                    "type": s(r["type"]!), "lane": .string(Self.lane(of: r["type"]!.text)), "title": s(r["title"]!),
                    "summary": s(r["summary"]!), "status": s(r["status"]!), "certainty": s(r["certainty"]!),
                    "recorded": s(r["recorded"]!), "recorder": s(r["recorder"]!),
                    "actors": .array(actors[seq] ?? []), "claims": .array(stances[seq] ?? []),
                    "sources": .array(sources[seq] ?? []),
                ]))
            monthCounts[String(start.prefix(7)), default: [:]][Self.lane(of: r["type"]!.text), default: 0] += 1
        }
        var entities = JSONObject()
        for r in rows(tables["entities"]!) { entities[r["id"]!.text] = s(r["name"]!) }
        let claims: [JSONValue] = rows(tables["claims"]!).map { r in
            .object([
                "id": s(r["id"]!), "statement": s(r["statement"]!), "standing": s(r["standing"]!),
                "basis": s(r["basis"]!),
                "first": s(r["first_occurred"]!), "latest": s(r["latest_occurred"]!),
            ])
        }
        var liftsByBan: [String: [JSONValue]] = [:]
        for r in rows(tables["lifts"]!) {
            liftsByBan[r["ban_id"]!.text, default: []].append(
                .object(["scope": s(r["scope"]!), "date": s(r["date"]!)]))
        }
        let bans: [JSONValue] = rows(tables["bans"]!).map { r in
            .object([
                "id": s(r["id"]!), "title": s(r["title"]!), "authority": s(r["authority"]!),
                "targets": s(r["targets"]!),
                "items": s(r["items"]!), "imposed": s(r["imposed"]!), "lifted": s(r["lifted"]!),
                "lifts": .array(liftsByBan[r["id"]!.text] ?? []),
            ])
        }
        let momentValues: [JSONValue] = moments.map { m in
            var standing = JSONObject()
            for r in rows(m.claims) { standing[r["id"]!.text] = s(r["standing"]!) }
            var inForce = JSONObject()
            for r in rows(m.bans) { inForce[r["id"]!.text] = s(r["status"]!) }
            return .object(["date": .string(m.date), "standing": .object(standing), "bans": .object(inForce)])
        }
        json = .object([
            "generated": .object(["seq": .integer(seq), "as_of": asOf.map { .string($0) } ?? .null]),
            "events": .array(events), "entities": .object(entities), "claims": .array(claims), "bans": .array(bans),
            "moments": .array(momentValues),
            "lanes": .array(Self.lanes.map { .object(["name": .string($0.name), "colour": .string($0.colour)]) }),
        ])
        eventCount = events.count
        months = monthCounts.keys.sorted().map { ($0, monthCounts[$0]!) }
    }
}
