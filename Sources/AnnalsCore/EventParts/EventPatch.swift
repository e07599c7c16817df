/// Replacement values a correction gives for fields of an earlier event.
public struct EventPatch: EventPart {
    public var title: String?
    public var summary: String?
    public var occurred: PartialDate?
    public var certainty: String?
    public var actors: [ActorRef]?
    public var sources: [Source]?
    public var isEmpty: Bool { self == EventPatch() }

    public init(
        title: String? = nil, summary: String? = nil, occurred: PartialDate? = nil, certainty: String? = nil,
        actors: [ActorRef]? = nil, sources: [Source]? = nil
    ) {
        self.title = title
        self.summary = summary
        self.occurred = occurred
        self.certainty = certainty
        self.actors = actors
        self.sources = sources
    }

    static func decode(_ p: inout FieldReader, in type: EventType) throws(ValidationError) -> EventPatch {
        let patch = EventPatch(
            title: try p.optionalText("title", limit: Limits.titleCharacters, multiline: false),
            summary: try p.optionalText("summary", limit: Limits.textCharacters, multiline: true),
            occurred: try p.optionalDate("occurred"),
            certainty: try p.optionalText("certainty", limit: Limits.nameCharacters * 2, multiline: false),
            actors: p.has("actors")
                ? try p.optionalParts("actors", ActorRef.self, limit: Limits.listItems, in: type) : nil,
            sources: p.has("sources")
                ? try p.optionalParts("sources", Source.self, limit: Limits.sources, in: type) : nil)
        try p.finish()
        try patch.check(at: p)
        return patch
    }

    /// A correction sets something, and never removes every actor or source.
    private func check(at p: FieldReader) throws(ValidationError) {
        if isEmpty {
            throw ValidationError(
                field: p.pathPrefix, problem: "a correction must set at least one field",
                fix: "give new values, e.g. \"set\": {\"occurred\": \"2025-11-03\"}"
                    + " (title, summary, occurred, certainty, actors, sources)")
        }
        if let actors, actors.isEmpty {
            throw ValidationError(
                field: p.path("actors"), problem: "a correction cannot remove every actor",
                fix: "give the corrected actors, or leave 'actors' out to keep them")
        }
        if let sources, sources.isEmpty {
            throw ValidationError(
                field: p.path("sources"), problem: "a correction cannot remove every source",
                fix: "give at least one source, or retract the event instead")
        }
    }

    public var json: JSONValue {
        var o: JSONObject = [:]
        if let title { o["title"] = .string(title) }
        if let summary { o["summary"] = .string(summary) }
        if let occurred { o["occurred"] = .string(occurred.description) }
        if let certainty { o["certainty"] = .string(certainty) }
        if let actors { o["actors"] = actors.json }
        if let sources { o["sources"] = sources.json }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        if let actors {
            w.key("actors")
            actors.write(into: &w)
        }
        w.field("certainty", certainty)
        w.field("occurred", occurred?.description)
        if let sources {
            w.key("sources")
            sources.write(into: &w)
        }
        w.field("summary", summary)
        w.field("title", title)
        w.endObject()
    }
}
