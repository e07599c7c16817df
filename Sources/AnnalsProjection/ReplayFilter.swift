import AnnalsCore

/// What a replay to a valid-time date needs to know about the whole cut of the log before it
/// applies the first record: which events occur in the period once corrections are applied,
/// and the claim statements and source definitions that events left out would have given.
/// Replays are the reference the moment views are checked against (and what `snapshot verify`
/// recomputes); reads never replay.
struct ReplayFilter {
    /// Events that occurred after this day (YYYY-MM-DD) are left out.
    var asOf: String
    /// The valid-time start of events a correction in the cut moves, by event id.
    var effectiveStart: [String: String] = [:]
    /// Claim statements, from the first event that gave one.
    var statements: [String: String] = [:]
    /// Source ids and fields, as the whole cut defines them (first citation first).
    var sources: [String: (id: Int64, source: Source)] = [:]

    init(asOf: String) { self.asOf = asOf }

    /// Reads one record of the cut, in log order.
    mutating func scan(_ record: Record) {
        let e = record.event
        if e.type == .correction, let a = e.amends, let d = a.set?.occurred { effectiveStart[a.event] = d.startDay }
        for c in e.claims where statements[c.id] == nil { statements[c.id] = c.statement }
        // The order in which the projector meets citations: the event's own, then a correction's new ones.
        for s in e.sources + (e.amends?.set?.sources ?? []) where sources[s.key] == nil {
            sources[s.key] = (Int64(sources.count + 1), s)
        }
    }

    /// Whether a world event (not an entity registration or an amendment) occurs in the period.
    func occursInPeriod(_ record: Record) -> Bool {
        (effectiveStart[record.id] ?? record.event.occurred.startDay) <= asOf
    }
}

extension Source {
    /// What makes two citations the same source: the URL, or without one the publisher and title.
    var key: String { url ?? "\(publisher ?? "")\u{1F}\(title ?? "")" }
}
