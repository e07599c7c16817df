/// `entity` events: the entity registered, with the other names it goes by.
public struct EntitySpec: EventPart {

    public var id: String
    public var name: String
    public var aliases: [String]
    /// The entity's name in other languages and scripts, keyed by BCP 47 tag, in tag order.
    public var names: [LocalName] = []
    public var kind: String { Identifiers.entityKind(id) ?? "" }

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> EntitySpec {
        let id = try f.requiredEntityID("id")
        let name = try f.requiredText("name", limit: Limits.nameCharacters, multiline: false)
        let aliases = try f.optionalArray("aliases", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in
            try a.text(limit: Limits.nameCharacters, multiline: false)
        }
        let names = try f.optionalTextsByLanguage("names", items: Limits.listItems, limit: Limits.nameCharacters)
        return EntitySpec(id: id, name: name, aliases: aliases, names: names)
    }

    public var json: JSONValue {
        var o: JSONObject = ["id": .string(id), "name": .string(name)]
        if !aliases.isEmpty { o["aliases"] = .array(aliases.map { .string($0) }) }
        if !names.isEmpty {
            var byLang: JSONObject = [:]
            for n in names { byLang[n.lang] = .string(n.text) }
            o["names"] = .object(byLang)
        }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        if !aliases.isEmpty { w.stringArray("aliases", aliases) }
        w.field("id", id)
        w.field("name", name)
        if !names.isEmpty {
            w.key("names")
            w.beginObject()
            for n in names {
                w.key(n.lang)
                w.string(n.text)
            }
            w.endObject()
        }
        w.endObject()
    }
}

/// A name in one language or script (`zh`: `深度求索`), `lang` a canonical BCP 47 tag.
public struct LocalName: Sendable, Equatable {
    public var lang: String
    public var text: String

    public init(lang: String, text: String) {
        self.lang = lang
        self.text = text
    }
}
