/// A claim an event takes a stance on. `statement` defines the claim the first time it appears.
public struct ClaimRef: EventPart {
    public var id: String
    public var stance: Stance
    public var statement: String?

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> ClaimRef {
        ClaimRef(
            id: try f.requiredPrefixedID("id", prefix: "claim"),
            stance: try f.requiredEnum("stance", Stance.self),
            statement: try f.optionalText("statement", limit: Limits.textCharacters, multiline: false))
    }

    public var json: JSONValue {
        var o: JSONObject = ["id": .string(id), "stance": .string(stance.rawValue)]
        if let statement { o["statement"] = .string(statement) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("stance", stance.rawValue)
        w.field("statement", statement)
        w.endObject()
    }
}

/// The stance an event takes on a claim.
public enum Stance: String, Sendable, CaseIterable {
    /// The event's actor states the claim as true.
    case asserts
    /// The event relays an allegation made by others (press reports, anonymous officials).
    case reports
    /// The event's actor denies or disputes the claim.
    case denies
    /// The event's actor admits the claim.
    case acknowledges
    /// The actor was asked, or had the chance, and did not respond.
    case noComment = "no-comment"
}
