/// A W3C Web Annotation TextQuoteSelector: a quote found in a page's text, with the text just
/// before and after it, so the same passage can be found again (all three whitespace-normalised).
public struct TextQuoteSelector: EventPart {
    public var exact: String
    public var prefix: String?
    public var suffix: String?

    public init(exact: String, prefix: String?, suffix: String?) {
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
    }

    /// The most characters a prefix or suffix keeps.
    public static let contextCharacters = 32

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> TextQuoteSelector {
        TextQuoteSelector(
            exact: try f.requiredText("exact", limit: Limits.textCharacters, multiline: true),
            prefix: try f.optionalText("prefix", limit: Limits.nameCharacters, multiline: true),
            suffix: try f.optionalText("suffix", limit: Limits.nameCharacters, multiline: true))
    }

    public var json: JSONValue {
        var o: JSONObject = ["exact": .string(exact)]
        if let prefix { o["prefix"] = .string(prefix) }
        if let suffix { o["suffix"] = .string(suffix) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("exact", exact)
        w.field("prefix", prefix)
        w.field("suffix", suffix)
        w.endObject()
    }
}
