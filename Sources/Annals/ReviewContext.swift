import AnnalsCore
import AnnalsStore

/// What a reviewer needs to read an amendment or a lift among the new records: the event it
/// amends and the fields it changes (before → after, earlier corrections applied), or the ban
/// it lifts and whether in part or in full.
public struct ReviewContext: Sendable {
    /// A new correction or retraction, with the event it amends.
    public struct Amendment: Sendable {
        public var target: Record
        public var step: AmendedEvent.Step
        /// The amended event's title just before this amendment (earlier corrections applied).
        public var title: String
    }

    /// A new lift, with the ban it lifts.
    public struct Lift: Sendable {
        public var ban: String
        public var banTitle: String
        public var banSeq: Int64
        public var partial: Bool
    }

    /// By the seq of the new record.
    public var amendments: [Int64: Amendment] = [:]
    public var lifts: [Int64: Lift] = [:]

    public init() {}

    /// The context of `records` (new records of `log`), from one pass over `log` up to the last of them.
    init(of records: [Record], in log: EventLog) throws {
        let targets = Set(records.compactMap { $0.event.amends?.event })
        let bans = Set(records.compactMap { $0.event.lifts?.ban })
        guard let last = records.map(\.seq).max(), !targets.isEmpty || !bans.isEmpty else { return }
        var originals: [String: Record] = [:]
        var amendmentsOf: [String: [Record]] = [:]
        var banRecords: [String: Record] = [:]
        try log.forEachRecord(from: 1) { r in
            if targets.contains(r.id) { originals[r.id] = r }
            if let t = r.event.amends?.event, targets.contains(t) { amendmentsOf[t, default: []].append(r) }
            if let b = r.event.ban, bans.contains(b.id) { banRecords[b.id] = r }
            return r.seq < last
        }
        for r in records {
            if let t = r.event.amends?.event, let original = originals[t] {
                let earlier = (amendmentsOf[t] ?? []).filter { $0.seq <= r.seq }
                let before = AmendedEvent(original: original, amendments: earlier.filter { $0.seq < r.seq })
                if let step = AmendedEvent(original: original, amendments: earlier).steps.last {
                    amendments[r.seq] = Amendment(target: original, step: step, title: before.current.title)
                }
            }
            if let lift = r.event.lifts, let ban = banRecords[lift.ban] {
                lifts[r.seq] = Lift(
                    ban: lift.ban, banTitle: ban.event.title, banSeq: ban.seq, partial: lift.scope == .partial)
            }
        }
    }
}
