import AnnalsCore

/// Which records `annals log` shows. Every condition set must hold.
public struct LogFilter: Sendable {
    public var types: Set<EventType> = []
    public var actor: String?
    /// The bans `actor` imposes or is targeted by: their events and lifts match `actor` too.
    public var actorBans: Set<String> = []
    public var claim: String?
    /// Valid time: events whose period starts on or after / on or before these dates.
    public var occurredFrom: PartialDate?
    public var occurredTo: PartialDate?
    /// Transaction time bounds, inclusive.
    public var recordedFrom: Timestamp?
    public var recordedTo: Timestamp?
    /// Only records after this seq ("everything since"): the log is read from the segment that holds the next.
    public var afterSeq: Int64?
    /// Only records up to this seq (the state a listing is stamped with).
    public var throughSeq: Int64?

    public init() {}

    public func matches(_ record: Record) -> Bool {
        if let afterSeq, record.seq <= afterSeq { return false }
        if let throughSeq, record.seq > throughSeq { return false }
        let e = record.event
        if !types.isEmpty && !types.contains(e.type) { return false }
        if let actor, !involves(e, actor) { return false }
        if let claim, !e.claimReferences.contains(claim) { return false }
        if let occurredFrom, e.occurred.startDay < occurredFrom.startDay { return false }
        if let occurredTo, e.occurred.startDay > occurredTo.lastDay { return false }
        if let recordedFrom, record.recorded < recordedFrom { return false }
        if let recordedTo, record.recorded > recordedTo { return false }
        return true
    }

    private func involves(_ e: Event, _ actor: String) -> Bool {
        if e.actors.contains(where: { $0.entity == actor }) || e.entity?.id == actor { return true }
        if let ban = e.ban, actorBans.contains(ban.id) { return true }
        if let lift = e.lifts, actorBans.contains(lift.ban) { return true }
        return false
    }
}
