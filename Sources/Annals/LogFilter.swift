/// Which records `annals log` shows. Every condition set must hold.
public struct LogFilter: Sendable {
    public var types: Set<EventType> = []
    public var actor: String?
    public var claim: String?
    /// Valid time: events whose period starts on or after / on or before these dates.
    public var occurredFrom: PartialDate?
    public var occurredTo: PartialDate?
    /// Transaction time bounds, inclusive.
    public var recordedFrom: Timestamp?
    public var recordedTo: Timestamp?

    public init() {}

    public func matches(_ record: Record) -> Bool {
        let e = record.event
        if !types.isEmpty && !types.contains(e.type) { return false }
        if let actor, !e.actors.contains(where: { $0.entity == actor }) && e.entity?.id != actor { return false }
        if let claim, !e.claimReferences.contains(claim) { return false }
        if let occurredFrom, e.occurred.startDay < occurredFrom.startDay { return false }
        if let occurredTo, e.occurred.startDay > occurredTo.lastDay { return false }
        if let recordedFrom, record.recorded < recordedFrom { return false }
        if let recordedTo, record.recorded > recordedTo { return false }
        return true
    }
}
