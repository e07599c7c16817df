import Testing

@testable import AnnalsCore

/// Quote languages, translations and names per language: what is accepted, how it is written back,
/// and what is refused (with the field named).
@Suite("Translations and names in their own script")
struct TranslationDecoderTests {
    static func report(_ source: String) -> String {
        #"{"type":"report","title":"Statement","occurred":"2024-05-01","claims":[{"id":"claim:supply-cut","stance":"denies"}],"sources":[{"url":"https://example.org/a",\#(source)}]}"#
    }

    static func entity(_ names: String) -> String {
        #"{"type":"entity","title":"Registers","occurred":"2024","sources":[{"url":"https://example.org/a"}],"entity":{"id":"org:cairo-water","name":"Cairo Water","names":\#(names)}}"#
    }

    static let byPerson = #""by":{"person":"Layla Hassan"}"#

    @Test(
        "language tags: accepted in any case, written canonical",
        arguments: [
            ("zh", "zh"), ("ZH-hans-cn", "zh-Hans-CN"), ("ar", "ar"), ("es-419", "es-419"), ("sr-latn", "sr-Latn"),
            ("de-CH-1996", "de-CH-1996"), ("sl-rozaj-biske", "sl-rozaj-biske"), ("RU", "ru"), ("yue-HK", "yue-HK"),
        ])
    func canonicalTags(_ input: String, _ canonical: String) {
        #expect(LanguageTag.canonical(input) == canonical)
    }

    @Test(
        "language tags: refused",
        arguments: [
            "", "e", "english", "zh_Hans", "zh-", "-zh", "zh--CN", "zh-Hans-Hant", "zh-C", "zh-12", "zh-1234567890",
            "中文", "zh-Hans-CN-x", "en-US-ab",
        ])
    func refusedTags(_ input: String) {
        #expect(LanguageTag.canonical(input) == nil)
    }

    @Test func quoteWithTranslationsDecodesAndWritesCanonically() throws {
        let json = Self.report(
            #""quote":"我们没有使用蒸馏","quote_lang":"ZH-hans","translations":[{"text":"We did not use distillation","lang":"EN","by":{"system":"ExampleMT","version":"3.1"}},{"lang":"ru","text":"Мы не использовали дистилляцию",\#(Self.byPerson)}]"#
        )
        let event = try EventDecoder.decode(JSONParser.parse(Array(json.utf8)))
        let source = try #require(event.sources.first)
        #expect(source.quoteLang == "zh-Hans")
        #expect(source.translations.map(\.lang) == ["en", "ru"])
        #expect(source.translations[0].by == .system(name: "ExampleMT", version: "3.1"))
        #expect(source.translations[1].by == .person("Layla Hassan"))
        var w = CanonicalWriter()
        event.write(into: &w, seal: nil)
        #expect(w.bytes == CanonicalJSON.encode(event.json))
        let again = try EventDecoder.decode(JSONParser.parse(w.bytes))
        #expect(again == event)
    }

    @Test func entityNamesDecodeSortedAndCanonical() throws {
        let json = Self.entity(#"{"zh-hans":"开罗水务","ar":"مياه القاهرة"}"#)
        let event = try EventDecoder.decode(JSONParser.parse(Array(json.utf8)))
        let names = try #require(event.entity?.names)
        #expect(names == [LocalName(lang: "ar", text: "مياه القاهرة"), LocalName(lang: "zh-Hans", text: "开罗水务")])
        var w = CanonicalWriter()
        event.write(into: &w, seal: nil)
        #expect(w.bytes == CanonicalJSON.encode(event.json))
        #expect(event.definedNames(id: "ev_x").contains(Name.alias("开罗水务")))
    }

    static let long = String(repeating: "字", count: Limits.textCharacters + 1)

    /// (input, the field the error must name)
    static let bad: [(String, String)] = [
        (report(#""quote":"q","quote_lang":"chinese""#), "sources[0].quote_lang"),
        (report(#""quote":"q","quote_lang":"zh_CN""#), "sources[0].quote_lang"),
        (report(#""quote_lang":"zh""#), "sources[0].quote_lang"),
        (report(#""translations":[{"lang":"en","text":"t",\#(byPerson)}]"#), "sources[0].translations"),
        (report(#""quote":"q","translations":[{"lang":"en","text":"t"}]"#), "sources[0].translations[0].by"),
        (report(#""quote":"q","translations":[{"lang":"en","text":"t","by":{}}]"#), "sources[0].translations[0].by"),
        (
            report(#""quote":"q","translations":[{"lang":"en","text":"t","by":{"system":"MT"}}]"#),
            "sources[0].translations[0].by"
        ),
        (
            report(
                #""quote":"q","translations":[{"lang":"en","text":"t","by":{"person":"A","system":"B","version":"1"}}]"#
            ),
            "sources[0].translations[0].by"
        ),
        (
            report(#""quote":"q","translations":[{"lang":"en","text":"t","by":{"person":"A","when":"x"}}]"#),
            "sources[0].translations[0].by.when"
        ),
        (report(#""quote":"q","translations":[{"text":"t",\#(byPerson)}]"#), "sources[0].translations[0].lang"),
        (report(#""quote":"q","translations":[{"lang":"en",\#(byPerson)}]"#), "sources[0].translations[0].text"),
        (
            report(#""quote":"q","translations":[{"lang":"en","text":"\#(long)",\#(byPerson)}]"#),
            "sources[0].translations[0].text"
        ),
        (report(#""quote":"q","translations":{"en":"t"}"#), "sources[0].translations"),
        (entity(#"{"chinese":"开罗水务"}"#), "entity.names.chinese"),
        (entity(#"{"zh":"开罗水务","ZH":"開羅水務"}"#), "entity.names.ZH"),
        (entity(#"{"zh":5}"#), "entity.names.zh"),
        (entity(#"{"zh":"a\nb"}"#), "entity.names.zh"),
        (entity(#"["开罗水务"]"#), "entity.names"),
    ]

    @Test("names the offending field", arguments: bad)
    func refuses(_ json: String, _ field: String) throws {
        let value = try JSONParser.parse(Array(json.utf8))
        #expect {
            try EventDecoder.decode(value)
        } throws: { error in
            guard let e = error as? ValidationError else { return false }
            return e.field == field && !e.fix.isEmpty
        }
    }
}
