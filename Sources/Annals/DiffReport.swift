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
        let events = Dictionary(
            (diff.changes["events"] ?? []).compactMap { c in (c.new ?? c.old).map { ($0.int("seq") ?? 0, c) } },
            uniquingKeysWith: { a, _ in a })
        for c in diff.changes["events"] ?? [] {
            if c.old == nil { eventsAdded += 1 } else if c.new == nil { eventsRemoved += 1 } else { eventsChanged += 1 }
        }
        var sourcesOfEvent: [Int64: [Source]] = [:]
        for c in diff.changes["event_sources"] ?? [] {
            guard let r = c.new, let seq = r.int("event_seq"), let sid = r.int("source_id") else { continue }
            let s = diff.sourcesByID[sid]
            sourcesOfEvent[seq, default: []].append(
                Source(
                    publisher: s?.text("publisher"), title: s?.text("title"), url: s?.text("url"),
                    quote: r.text("quote")))
        }
        func event(_ seq: Int64, stance: String?) -> Event? {
            guard let c = events[seq], let r = c.new ?? c.old else { return nil }
            let change: String
            if c.old == nil {
                change = "added"
            } else if c.new == nil {
                change = "removed"
            } else {
                change =
                    c.new?.text("status") == "retracted" && c.old?.text("status") != "retracted"
                    ? "retracted"
                    : (c.new?.text("status") == "corrected" ? "corrected" : "changed")
            }
            return Event(
                id: r.text("id") ?? "", seq: seq, occurred: r.text("occurred") ?? "", type: r.text("type") ?? "",
                title: r.text("title") ?? "", change: change, stance: stance, sources: sourcesOfEvent[seq] ?? [])
        }
        // Events behind each claim's change: stances added or removed, and stance events changed.
        var claimEvents: [String: [Event]] = [:]
        for c in diff.changes["claim_history"] ?? [] {
            guard let r = c.new ?? c.old, let claim = r.text("claim_id"), let seq = r.int("event_seq") else { continue }
            let stance = (r.text("kind") == "assessment" ? "assessed " : "") + (r.text("value") ?? "")
            if let e = event(seq, stance: stance) { claimEvents[claim, default: []].append(e) }
        }
        for c in diff.changes["claim_standing"] ?? [] {
            let r = (c.new ?? c.old)!
            let id = r.text("id") ?? ""
            let claim = Claim(
                id: id, statement: r.text("statement") ?? "", oldStanding: c.old?.text("standing"),
                newStanding: c.new?.text("standing"), events: claimEvents[id] ?? [])
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
        for c in diff.changes["ban_periods"] ?? [] {
            let r = (c.new ?? c.old)!
            let change: String
            if c.old == nil {
                change = "imposed"
            } else if c.new == nil {
                change = "removed"
            } else if c.old?.text("lifted") == nil && c.new?.text("lifted") != nil {
                change = "lifted"
            } else if (c.new?.int("partial_lifts") ?? 0) > (c.old?.int("partial_lifts") ?? 0) {
                change = "relaxed"
            } else {
                change = "amended"
            }
            bans.append(
                Ban(
                    id: r.text("id") ?? "", title: r.text("title") ?? "", change: change, imposed: r.text("imposed"),
                    lifted: r.text("lifted")))
        }
        for c in diff.changes["releases"] ?? [] {
            let r = (c.new ?? c.old)!
            let e = events[r.int("event_seq") ?? 0].flatMap { $0.new ?? $0.old }
            releases.append(
                Release(
                    product: r.text("product") ?? "", version: r.text("version"), occurred: e?.text("occurred") ?? "",
                    title: e?.text("title") ?? "",
                    change: c.old == nil ? "added" : (c.new == nil ? "removed" : "changed")))
        }
        for c in diff.changes["entities"] ?? [] {
            let r = (c.new ?? c.old)!
            entities.append(
                Entity(
                    id: r.text("id") ?? "", name: r.text("name") ?? "",
                    change: c.old == nil ? "added" : (c.new == nil ? "removed" : "changed")))
        }
        for c in diff.changes["sources"] ?? [] {
            let r = (c.new ?? c.old)!
            let s = Source(publisher: r.text("publisher"), title: r.text("title"), url: r.text("url"), quote: nil)
            if c.old == nil { sourcesAdded.append(s) } else if c.new == nil { sourcesRemoved.append(s) }
        }
    }
}
