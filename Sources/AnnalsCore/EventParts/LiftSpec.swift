/// `ban-lifted` events: the ban lifted (`full`) or relaxed (`partial`).
public struct LiftSpec: EventPart {
    public var ban: String
    public var scope: Scope
    public var effective: PartialDate?
    public enum Scope: String, Sendable, CaseIterable { case full, partial }

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> LiftSpec {
        LiftSpec(
            ban: try f.requiredPrefixedID("ban", prefix: "ban"),
            scope: try f.requiredEnum("scope", LiftSpec.Scope.self),
            effective: try f.optionalDate("effective"))
    }

    public var json: JSONValue {
        var o: JSONObject = ["ban": .string(ban), "scope": .string(scope.rawValue)]
        if let effective { o["effective"] = .string(effective.description) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("ban", ban)
        w.field("effective", effective?.description)
        w.field("scope", scope.rawValue)
        w.endObject()
    }
}
