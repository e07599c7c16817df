/// An event as it now stands: its record as logged, with the corrections that followed applied
/// in log order, or retracted. Each amendment is kept with the fields it changed, before and
/// after, so `show` and `review` can say what changed, when and why.
public struct AmendedEvent: Sendable {
    /// One field an amendment changed.
    public struct FieldChange: Sendable, Equatable {
        public var field: String
        public var before: String
        public var after: String
    }

    /// One correction or retraction, with what it changed (none for a retraction).
    public struct Step: Sendable {
        public var amendment: Record
        public var changes: [FieldChange]
        public var reason: String { amendment.event.amends?.reason ?? "" }
        public var isRetraction: Bool { amendment.event.type == .retraction }
    }

    /// The record as logged.
    public var original: Record
    /// The event with every correction applied.
    public var current: Event
    /// The amendments, in log order.
    public var steps: [Step]
    /// The retraction, when the event was retracted.
    public var retraction: Record? { steps.last { $0.isRetraction }?.amendment }

    /// `original` with `amendments` (records whose `amends` names it) applied in seq order.
    public init(original: Record, amendments: [Record]) {
        self.original = original
        var event = original.event
        var steps: [Step] = []
        for amendment in amendments.sorted(by: { $0.seq < $1.seq }) {
            guard let amends = amendment.event.amends, amends.event == original.id else { continue }
            let patch = amends.set ?? EventPatch()
            steps.append(Step(amendment: amendment, changes: patch.changes(from: event)))
            event = patch.applied(to: event)
        }
        current = event
        self.steps = steps
    }
}

extension EventPatch {
    /// `event` with the fields this patch sets replaced.
    public func applied(to event: Event) -> Event {
        var e = event
        if let title { e.title = title }
        if let summary { e.summary = summary }
        if let occurred { e.occurred = occurred }
        if let certainty { e.certainty = certainty }
        if let actors { e.actors = actors }
        if let sources { e.sources = sources }
        return e
    }

    /// The fields this patch changes in `event`, each as text before and after (a field set to
    /// the value it had is left out).
    public func changes(from event: Event) -> [AmendedEvent.FieldChange] {
        var out: [AmendedEvent.FieldChange] = []
        func add(_ field: String, _ before: String?, _ after: String?) {
            guard let after, after != (before ?? "") else { return }
            out.append(.init(field: field, before: before ?? "(none)", after: after))
        }
        add("title", event.title, title)
        add("summary", event.summary, summary)
        add("occurred", event.occurred.description, occurred?.description)
        add("certainty", event.certainty, certainty)
        add("actors", Self.text(event.actors), actors.map(Self.text))
        add("sources", Self.text(event.sources), sources.map(Self.text))
        return out
    }

    static func text(_ actors: [ActorRef]) -> String {
        actors.map { "\($0.entity) (\($0.role))" }.joined(separator: ", ")
    }

    static func text(_ sources: [Source]) -> String {
        sources.map { $0.url ?? $0.publisher ?? "" }.joined(separator: ", ")
    }
}
