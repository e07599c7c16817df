/// A translation of a source's quote: its language, its text, and who made it. Who translated is
/// required: a translation is provenance too, and is never presented as the source's own words.
public struct Translation: EventPart {
    /// The language of `text`, a canonical BCP 47 tag.
    public var lang: String
    public var text: String
    public var by: Translator

    public init(lang: String, text: String, by: Translator) {
        self.lang = lang
        self.text = text
        self.by = by
    }

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> Translation {
        let by = try f.requiredObject("by") { (b: inout FieldReader) throws(ValidationError) in
            try Translator.decode(&b)
        }
        let lang = try f.requiredLanguageTag("lang")
        let text = try f.requiredText("text", limit: Limits.textCharacters, multiline: true)
        return Translation(lang: lang, text: text, by: by)
    }

    public var json: JSONValue { .object(["by": by.json, "lang": .string(lang), "text": .string(text)]) }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.key("by")
        by.write(into: &w)
        w.field("lang", lang)
        w.field("text", text)
        w.endObject()
    }
}

/// Who translated: a person, or a named machine system and its version.
public enum Translator: Sendable, Equatable {
    case person(String)
    case system(name: String, version: String)

    /// `Jane Doe`, or `ExampleMT 3.1 (machine)`.
    public var text: String {
        switch self {
        case .person(let name): name
        case .system(let name, let version): "\(name) \(version) (machine)"
        }
    }

    static func decode(_ f: inout FieldReader) throws(ValidationError) -> Translator {
        let person = try f.optionalText("person", limit: Limits.nameCharacters, multiline: false)
        let system = try f.optionalText("system", limit: Limits.nameCharacters, multiline: false)
        let version = try f.optionalText("version", limit: Limits.nameCharacters, multiline: false)
        switch (person, system, version) {
        case (let p?, nil, nil): return .person(p)
        case (nil, let s?, let v?): return .system(name: s, version: v)
        default:
            throw ValidationError(
                field: f.pathPrefix, problem: "a translator is a person, or a system with its version",
                fix: "write {\"person\": \"Name\"} or {\"system\": \"Name\", \"version\": \"1.0\"}")
        }
    }

    public var json: JSONValue {
        switch self {
        case .person(let name): .object(["person": .string(name)])
        case .system(let name, let version): .object(["system": .string(name), "version": .string(version)])
        }
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        switch self {
        case .person(let name): w.field("person", name)
        case .system(let name, let version):
            w.field("system", name)
            w.field("version", version)
        }
        w.endObject()
    }
}

extension Translation {
    /// The translations of a canonical JSON array a projection kept (written from validated
    /// records); an element that is not a translation is left out.
    public static func list(json: String) -> [Translation] {
        guard case .array(let items)? = try? JSONParser.parse(Array(json.utf8)) else { return [] }
        return items.compactMap { item in
            guard case .object(let o) = item, let lang = o["lang"]?.stringValue, let text = o["text"]?.stringValue,
                case .object(let b)? = o["by"]
            else { return nil }
            if let person = b["person"]?.stringValue { return Translation(lang: lang, text: text, by: .person(person)) }
            guard let system = b["system"]?.stringValue, let version = b["version"]?.stringValue else { return nil }
            return Translation(lang: lang, text: text, by: .system(name: system, version: version))
        }
    }
}
