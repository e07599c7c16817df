/// Where an event is documented: a URL, or a publisher and a title, with an optional verbatim quote.
public struct Source: EventPart {
    public var url: String?
    public var publisher: String?
    public var title: String?
    public var published: PartialDate?
    /// Verbatim words from the source, never paraphrased.
    public var quote: String?

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> Source {
        let url = try f.optionalString("url")
        if let url, !isAcceptable(url: url) {
            throw ValidationError(
                field: f.path("url"), value: url,
                problem: "not an http(s) URL without spaces (at most \(Limits.urlBytes) bytes)",
                fix: "give the full address, e.g. https://example.org/article")
        }
        let source = Source(
            url: url,
            publisher: try f.optionalText("publisher", limit: Limits.nameCharacters, multiline: false),
            title: try f.optionalText("title", limit: Limits.titleCharacters, multiline: false),
            published: try f.optionalDate("published"),
            quote: try f.optionalText("quote", limit: Limits.textCharacters, multiline: true))
        if source.url == nil && (source.publisher == nil || source.title == nil) {
            throw ValidationError(
                field: f.pathPrefix, problem: "a source needs a URL, or a publisher and a title",
                fix: "add \"url\", or both \"publisher\" and \"title\"")
        }
        try f.finish()
        return source
    }

    /// An http(s) URL of at most ``Limits/urlBytes`` bytes, without spaces or control characters.
    static func isAcceptable(url: String) -> Bool {
        let lower = url.lowercased()
        let bytes = url.utf8.count
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && bytes <= Limits.urlBytes && bytes > 8
            && !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
    }

    public var json: JSONValue {
        var o: JSONObject = [:]
        if let url { o["url"] = .string(url) }
        if let publisher { o["publisher"] = .string(publisher) }
        if let title { o["title"] = .string(title) }
        if let published { o["published"] = .string(published.description) }
        if let quote { o["quote"] = .string(quote) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("published", published?.description)
        w.field("publisher", publisher)
        w.field("quote", quote)
        w.field("title", title)
        w.field("url", url)
        w.endObject()
    }
}
