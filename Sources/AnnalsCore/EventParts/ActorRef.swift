/// An entity taking part in an event, and its role there ("accuser", "developer").
public struct ActorRef: EventPart {
    public var entity: String
    public var role: String

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> ActorRef {
        let entity = try f.requiredString("entity")
        let role = try f.requiredText("role", limit: Limits.nameCharacters, multiline: false)
        return ActorRef(entity: entity, role: role)
    }

    public var json: JSONValue { .object(["entity": .string(entity), "role": .string(role)]) }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("entity", entity)
        w.field("role", role)
        w.endObject()
    }
}
