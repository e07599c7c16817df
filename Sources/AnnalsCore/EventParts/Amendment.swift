/// `correction` and `retraction` events: the earlier event they amend, which the log never edits.
public struct Amendment: EventPart {
    public var event: String
    public var reason: String
    /// Corrections only: the fields that replace the earlier event's.
    public var set: EventPatch?

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> Amendment {
        let event = try f.requiredString("event")
        guard Identifiers.isEventID(event) else {
            throw ValidationError(
                field: f.path("event"), value: event, problem: "not an event id",
                fix: "give the id of the earlier event, ev_ and 32 hex digits (see 'annals log')")
        }
        let reason = try f.requiredText("reason", limit: Limits.textCharacters, multiline: true)
        let set = type == .correction ? try f.requiredPart("set", EventPatch.self, in: type) : nil
        return Amendment(event: event, reason: reason, set: set)
    }

    public var json: JSONValue {
        var o: JSONObject = ["event": .string(event), "reason": .string(reason)]
        if let set { o["set"] = set.json }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("event", event)
        w.field("reason", reason)
        if let set {
            w.key("set")
            set.write(into: &w)
        }
        w.endObject()
    }
}
