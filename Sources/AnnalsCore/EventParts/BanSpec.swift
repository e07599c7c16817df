/// `ban` events: the ban imposed, by whom, on whom, on what.
public struct BanSpec: EventPart {
    /// The ban's own id, so later events can lift it.
    public var id: String
    public var authority: String
    public var targets: [String]
    public var items: [String]
    /// When the ban takes effect, if it differs from `occurred`.
    public var effective: PartialDate?

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> BanSpec {
        let id = try f.requiredPrefixedID("id", prefix: "ban")
        let authority = try f.requiredEntityID("authority")
        let targets = try f.optionalArray("targets", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in try a.entityID()
        }
        guard !targets.isEmpty else {
            throw ValidationError(
                field: f.path("targets"), problem: "a ban needs at least one target",
                fix: "add \"targets\": [\"gov:cn\"] (entity ids)")
        }
        let items = try f.optionalArray("items", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in
            try a.text(limit: Limits.nameCharacters, multiline: false)
        }
        return BanSpec(
            id: id, authority: authority, targets: targets, items: items, effective: try f.optionalDate("effective"))
    }

    public var json: JSONValue {
        var o: JSONObject = [
            "id": .string(id), "authority": .string(authority),
            "targets": .array(targets.map { .string($0) }),
        ]
        if !items.isEmpty { o["items"] = .array(items.map { .string($0) }) }
        if let effective { o["effective"] = .string(effective.description) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("authority", authority)
        w.field("effective", effective?.description)
        w.field("id", id)
        if !items.isEmpty { w.stringArray("items", items) }
        w.stringArray("targets", targets)
        w.endObject()
    }
}
