/// A BCP 47 language tag in the strict subset Annals accepts: a language subtag of 2 or 3
/// letters, an optional script of 4 letters, an optional region of 2 letters or 3 digits, then
/// variants (5 to 8 letters and digits, or a digit and 3 letters and digits). Read in any case,
/// written in the canonical one: `zh-Hans-CN`, `sr-Latn`, `es-419`, `de-CH-1996`.
public enum LanguageTag {
    /// The canonical spelling of `text`, or nil when it is not a tag of the accepted form.
    public static func canonical(_ text: String) -> String? {
        guard text.utf8.count <= 64, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let language = parts.first, (2...3).contains(language.count), language.allSatisfy(isLetter) else {
            return nil
        }
        var out = [language.lowercased()]
        var i = 1
        if i < parts.count, parts[i].count == 4, parts[i].allSatisfy(isLetter) {
            out.append(parts[i].prefix(1).uppercased() + parts[i].dropFirst().lowercased())
            i += 1
        }
        if i < parts.count, isRegion(parts[i]) {
            out.append(parts[i].uppercased())
            i += 1
        }
        while i < parts.count {
            guard isVariant(parts[i]) else { return nil }
            out.append(parts[i].lowercased())
            i += 1
        }
        return out.joined(separator: "-")
    }

    /// The language subtag alone (`zh` of `zh-Hans-CN`).
    public static func language(of tag: String) -> String {
        String(tag.prefix { $0 != "-" }).lowercased()
    }

    private static func isLetter(_ c: Character) -> Bool { c.isASCII && c.isLetter }
    private static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    private static func isRegion(_ s: String) -> Bool {
        (s.count == 2 && s.allSatisfy(isLetter)) || (s.count == 3 && s.allSatisfy(isDigit))
    }

    private static func isVariant(_ s: String) -> Bool {
        guard s.allSatisfy({ isLetter($0) || isDigit($0) }) else { return false }
        return (5...8).contains(s.count) || (s.count == 4 && s.first.map(isDigit) == true)
    }
}

extension FieldReader {
    /// An optional BCP 47 language tag, returned in canonical case.
    mutating func optionalLanguageTag(_ key: StaticString) throws(ValidationError) -> String? {
        guard let s = try optionalString(key) else { return nil }
        guard let tag = LanguageTag.canonical(s) else {
            throw ValidationError(
                field: path(key), value: s, problem: "not a language tag",
                fix: "write a BCP 47 tag: a language of 2-3 letters, then optionally a script, a region and "
                    + "variants, e.g. zh, zh-Hans-CN, ar, ru, pt-BR, es-419")
        }
        return tag
    }

    /// A required BCP 47 language tag, returned in canonical case.
    mutating func requiredLanguageTag(_ key: StaticString) throws(ValidationError) -> String {
        guard let tag = try optionalLanguageTag(key) else {
            throw ValidationError(
                field: path(key), problem: "required field is missing", fix: "add \"\(key)\": \"en\" (a BCP 47 tag)")
        }
        return tag
    }
}

extension FieldReader {
    /// An optional object of texts keyed by BCP 47 tags (`{"zh": "…", "ar": "…"}`), keys made
    /// canonical; at most `items` members. Empty when absent.
    mutating func optionalTextsByLanguage(_ key: StaticString, items: Int, limit: Int) throws(ValidationError)
        -> [LocalName]
    {
        guard let v = try optionalValue(key) else { return [] }
        guard case .object(let o) = v else {
            throw ValidationError(
                field: path(key), problem: "expected an object, got \(v.kindName)",
                fix: "write \"\(key)\": {\"zh\": \"…\"} (language tag: text)")
        }
        if o.count > items {
            throw ValidationError(
                field: path(key), problem: "has \(o.count) entries; the limit is \(items)", fix: "trim the list")
        }
        var out: [LocalName] = []
        for (k, value) in o.members {
            let field = path(key) + "." + k
            guard let lang = LanguageTag.canonical(k) else {
                throw ValidationError(
                    field: field, value: k, problem: "not a language tag", fix: "key each name by a BCP 47 tag, e.g. zh"
                )
            }
            guard !out.contains(where: { $0.lang == lang }) else {
                throw ValidationError(
                    field: field, value: k, problem: "repeats a language given before", fix: "give each language once")
            }
            guard let text = value.stringValue else {
                throw ValidationError(
                    field: field, problem: "expected a string, got \(value.kindName)", fix: "write text")
            }
            try Self.checkText(text, field: field, limit: limit, multiline: false)
            out.append(LocalName(lang: lang, text: text))
        }
        return out.sorted { $0.lang.utf8.lexicographicallyPrecedes($1.lang.utf8) }
    }
}
