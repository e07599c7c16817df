/// `entity` events: the entity registered, with the other names it goes by.
public struct EntitySpec: EventPart {
    public var id: String
    public var name: String
    public var aliases: [String]
    public var kind: String { Identifiers.entityKind(id) ?? "" }

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> EntitySpec {
        let id = try f.requiredEntityID("id")
        let name = try f.requiredText("name", limit: Limits.nameCharacters, multiline: false)
        let aliases = try f.optionalArray("aliases", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in
            try a.text(limit: Limits.nameCharacters, multiline: false)
        }
        return EntitySpec(id: id, name: name, aliases: aliases)
    }

    public var json: JSONValue {
        var o: JSONObject = ["id": .string(id), "name": .string(name)]
        if !aliases.isEmpty { o["aliases"] = .array(aliases.map { .string($0) }) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        if !aliases.isEmpty { w.stringArray("aliases", aliases) }
        w.field("id", id)
        w.field("name", name)
        w.endObject()
    }
}
