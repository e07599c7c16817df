/// Where an event is documented: a URL, or a publisher and a title, with an optional verbatim quote.
public struct Source: EventPart {
    public var url: String?
    public var publisher: String?
    public var title: String?
    public var published: PartialDate?
    /// Verbatim words from the source, never paraphrased.
    public var quote: String?
    /// The language of `quote`, a canonical BCP 47 tag (`zh-Hans-CN`).
    public var quoteLang: String? = nil
    /// Translations of `quote`, each with who made it.
    public var translations: [Translation] = []

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
            quote: try f.optionalText("quote", limit: Limits.textCharacters, multiline: true),
            quoteLang: try f.optionalLanguageTag("quote_lang"),
            translations: try f.optionalParts("translations", Translation.self, limit: Limits.listItems, in: type))
        if source.url == nil && (source.publisher == nil || source.title == nil) {
            throw ValidationError(
                field: f.pathPrefix, problem: "a source needs a URL, or a publisher and a title",
                fix: "add \"url\", or both \"publisher\" and \"title\"")
        }
        if source.quote == nil && (source.quoteLang != nil || !source.translations.isEmpty) {
            throw ValidationError(
                field: f.path(source.quoteLang != nil ? "quote_lang" : "translations"),
                problem: "a language or a translation needs the quote it belongs to",
                fix: "add \"quote\" with the source's own words, or leave this field out")
        }
        try f.finish()
        return source
    }

    /// An http(s) URL of at most ``Limits/urlBytes`` bytes, without spaces or control characters.
    public static func isAcceptable(url: String) -> Bool {
        if let plain = ByteScan.withBytes(url, isAcceptable(asciiURL:)) { return plain }
        let lower = url.lowercased()
        let bytes = url.utf8.count
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && bytes <= Limits.urlBytes && bytes > 8
            && !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
    }

    /// The same check on the bytes of an ASCII URL, where lowercasing and prefixes work byte by
    /// byte; nil for other text.
    private static func isAcceptable(asciiURL b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard ByteScan.isASCII(b) else { return nil }
        guard b.count > 8, b.count <= Limits.urlBytes else { return false }
        func lower(_ i: Int) -> UInt8 { b[i] >= 0x41 && b[i] <= 0x5A ? b[i] | 0x20 : b[i] }
        let http = lower(0) == 0x68 && lower(1) == 0x74 && lower(2) == 0x74 && lower(3) == 0x70
        let rest = lower(4) == 0x73 ? 5 : 4
        guard http, b[rest] == UInt8(ascii: ":"), b[rest + 1] == UInt8(ascii: "/"), b[rest + 2] == UInt8(ascii: "/")
        else { return false }
        return !b.contains { $0 <= 0x20 || $0 == 0x7F }
    }

    public var json: JSONValue {
        var o: JSONObject = [:]
        if let url { o["url"] = .string(url) }
        if let publisher { o["publisher"] = .string(publisher) }
        if let title { o["title"] = .string(title) }
        if let published { o["published"] = .string(published.description) }
        if let quote { o["quote"] = .string(quote) }
        if let quoteLang { o["quote_lang"] = .string(quoteLang) }
        if !translations.isEmpty { o["translations"] = translations.json }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("published", published?.description)
        w.field("publisher", publisher)
        w.field("quote", quote)
        w.field("quote_lang", quoteLang)
        w.field("title", title)
        if !translations.isEmpty {
            w.key("translations")
            translations.write(into: &w)
        }
        w.field("url", url)
        w.endObject()
    }
}
