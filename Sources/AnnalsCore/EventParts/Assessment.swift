/// `claim-status` events: the editorial assessment of a claim.
public struct Assessment: EventPart {
    public var claim: String
    public var status: ClaimStanding
    public var note: String?

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> Assessment {
        Assessment(
            claim: try f.requiredPrefixedID("claim", prefix: "claim"),
            status: try f.requiredEnum("status", ClaimStanding.self),
            note: try f.optionalText("note", limit: Limits.textCharacters, multiline: true))
    }

    public var json: JSONValue {
        var o: JSONObject = ["claim": .string(claim), "status": .string(status.rawValue)]
        if let note { o["note"] = .string(note) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("claim", claim)
        w.field("note", note)
        w.field("status", status.rawValue)
        w.endObject()
    }
}

/// The standing of a claim, as assessed or derived.
public enum ClaimStanding: String, Sendable, CaseIterable {
    case alleged, corroborated, confirmed, disputed, refuted, retracted
}
