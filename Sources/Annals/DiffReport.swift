import AnnalsCore
import AnnalsProjection

/// What changed between two states of the ledger, in the ledger's terms: claims and their
/// standing (with the events and sources behind each change), bans, releases, entities, sources.
public struct DiffReport: Sendable {
    public struct Source: Sendable {
        public var publisher: String?
        public var title: String?
        public var url: String?
        public var quote: String?
    }

    public struct Event: Sendable {
        public var id: String
        public var seq: Int64
        public var occurred: String
        public var type: String
        public var title: String
        /// added, removed, corrected, retracted, changed
        public var change: String
        /// The stance this event takes on the claim it is listed under (or the assessed standing).
        public var stance: String?
        public var sources: [Source]
    }

    public struct Claim: Sendable {
        public var id: String
        public var statement: String
        public var oldStanding: String?
        public var newStanding: String?
        public var events: [Event]
    }

    public struct Ban: Sendable {
        public var id: String
        public var title: String
        /// imposed, lifted, relaxed, amended, removed
        public var change: String
        public var imposed: String?
        public var lifted: String?
    }

    public struct Release: Sendable {
        public var product: String
        public var version: String?
        public var occurred: String
        public var title: String
        public var change: String
    }

    public struct Entity: Sendable {
        public var id: String
        public var name: String
        public var change: String
    }

    public var claimsAdded: [Claim] = []
    public var claimsRemoved: [Claim] = []
    public var standingChanged: [Claim] = []
    /// Claims whose standing stayed but whose evidence changed.
    public var evidenceChanged: [Claim] = []
    public var bans: [Ban] = []
    public var releases: [Release] = []
    public var entities: [Entity] = []
    public var sourcesAdded: [Source] = []
    public var sourcesRemoved: [Source] = []
    public var eventsAdded = 0, eventsRemoved = 0, eventsChanged = 0
    public var rowCounts: [String: (added: Int, removed: Int, changed: Int)] = [:]
    public var unchangedRows = 0

    public var isEmpty: Bool { rowCounts.values.allSatisfy { $0.added + $0.removed + $0.changed == 0 } }

    public init(_ diff: SnapshotDiff) {
        rowCounts = diff.counts
        unchangedRows = diff.unchangedRows
        let events = Dictionary(diff.events.map { ($0.row.seq, $0) }, uniquingKeysWith: { a, _ in a })
        countEvents(diff.events)
        let lookup = EventLookup(events: events, sourcesOfEvent: Self.sourcesOfEvents(diff))
        sortClaims(diff.claimStanding, claimEvents: Self.claimEvents(diff.claimHistory, lookup: lookup))
        bans = diff.banPeriods.map(Self.ban)
        releases = diff.releases.map { Self.release($0, events: events) }
        entities = diff.entities.map(Self.entity)
        sortSources(diff.sources)
    }

    /// The changed `events` rows, looked up by seq, with the sources each one cites.
    private struct EventLookup {
        let events: [Int64: SnapshotDiff.Change<EventRow>]
        let sourcesOfEvent: [Int64: [Source]]

        /// The event at `seq` as listed under a claim with `stance`, or nil if it did not change, or
        /// came and was retracted between the two states (no evidence in either, as `claim` says).
        func event(_ seq: Int64, stance: String?) -> Event? {
            guard let c = events[seq], !(c.old == nil && c.new?.status == "retracted") else { return nil }
            let r = c.row
            return Event(
                id: r.id, seq: seq, occurred: r.occurred, type: r.type, title: r.title, change: Self.change(of: c),
                stance: stance, sources: sourcesOfEvent[seq] ?? [])
        }

        /// How an event row changed: added, removed, retracted, corrected or changed.
        private static func change(of c: SnapshotDiff.Change<EventRow>) -> String {
            if c.old == nil { return "added" }
            if c.new == nil { return "removed" }
            return c.new?.status == "retracted" && c.old?.status != "retracted"
                ? "retracted"
                : (c.new?.status == "corrected" ? "corrected" : "changed")
        }
    }

    /// Counts the events added, removed and changed.
    private mutating func countEvents(_ changes: [SnapshotDiff.Change<EventRow>]) {
        for c in changes {
            if c.old == nil { eventsAdded += 1 } else if c.new == nil { eventsRemoved += 1 } else { eventsChanged += 1 }
        }
    }

    /// The sources each event cites in the newer state (with the event's quote), by event seq.
    private static func sourcesOfEvents(_ diff: SnapshotDiff) -> [Int64: [Source]] {
        var sourcesOfEvent: [Int64: [Source]] = [:]
        for c in diff.eventSources {
            guard let r = c.new else { continue }
            let s = diff.sourcesByID[r.sourceID]
            sourcesOfEvent[r.eventSeq, default: []].append(
                Source(publisher: s?.publisher, title: s?.title, url: s?.url, quote: r.quote))
        }
        return sourcesOfEvent
    }

    /// Events behind each claim's change: stances added or removed, and stance events changed.
    private static func claimEvents(
        _ history: [SnapshotDiff.Change<ClaimHistoryRow>], lookup: EventLookup
    ) -> [String: [Event]] {
        var claimEvents: [String: [Event]] = [:]
        for c in history {
            let r = c.row
            let stance = (r.kind == "assessment" ? "assessed " : "") + r.value
            if let e = lookup.event(r.eventSeq, stance: stance) { claimEvents[r.claimID, default: []].append(e) }
        }
        return claimEvents
    }

    /// Files each changed claim under added, removed, standing changed or evidence changed.
    private mutating func sortClaims(
        _ standing: [SnapshotDiff.Change<ClaimSummary>], claimEvents: [String: [Event]]
    ) {
        for c in standing {
            let r = c.row
            let claim = Claim(
                id: r.id, statement: r.statement, oldStanding: c.old?.standing, newStanding: c.new?.standing,
                events: claimEvents[r.id] ?? [])
            if c.old == nil {
                claimsAdded.append(claim)
            } else if c.new == nil {
                claimsRemoved.append(claim)
            } else if claim.oldStanding != claim.newStanding {
                standingChanged.append(claim)
            } else {
                evidenceChanged.append(claim)
            }
        }
    }

    /// A changed ban period: imposed, removed, lifted, relaxed or amended.
    private static func ban(_ c: SnapshotDiff.Change<BanPeriod>) -> Ban {
        let r = c.row
        let change: String
        if c.old == nil {
            change = "imposed"
        } else if c.new == nil {
            change = "removed"
        } else if c.old?.lifted == nil && c.new?.lifted != nil {
            change = "lifted"
        } else if (c.new?.partialLifts ?? 0) > (c.old?.partialLifts ?? 0) {
            change = "relaxed"
        } else {
            change = "amended"
        }
        return Ban(id: r.id, title: r.title, change: change, imposed: r.imposed, lifted: r.lifted)
    }

    /// A changed release, dated and titled by the event that recorded it.
    private static func release(
        _ c: SnapshotDiff.Change<ReleaseRow>, events: [Int64: SnapshotDiff.Change<EventRow>]
    ) -> Release {
        let r = c.row
        let e = events[r.eventSeq]?.row
        return Release(
            product: r.product, version: r.version, occurred: e?.occurred ?? "", title: e?.title ?? "",
            change: c.old == nil ? "added" : (c.new == nil ? "removed" : "changed"))
    }

    /// A changed entity: added, removed or changed.
    private static func entity(_ c: SnapshotDiff.Change<EntityRow>) -> Entity {
        Entity(
            id: c.row.id, name: c.row.name,
            change: c.old == nil ? "added" : (c.new == nil ? "removed" : "changed"))
    }

    /// Files each source that appeared or disappeared (a changed source is in neither list).
    private mutating func sortSources(_ changes: [SnapshotDiff.Change<SourceRow>]) {
        for c in changes {
            let s = Source(publisher: c.row.publisher, title: c.row.title, url: c.row.url, quote: nil)
            if c.old == nil { sourcesAdded.append(s) } else if c.new == nil { sourcesRemoved.append(s) }
        }
    }
}
