import AnnalsCore
import AnnalsProjection

extension SiteData {
    /// What the page needs to show quotes with their language and translations, and entity names
    /// in a chosen language. A ledger without them adds nothing to the page's data.
    public struct Languages: Sendable {
        /// The quotes with a language or translations.
        public var quotes: [QuoteLanguageRow]
        /// Each entity's names in other languages, by entity id.
        public var names: [String: [LocalName]]
        /// The language the names are shown in first (ledger.json `language`, else `en`).
        public var language: String

        public init(quotes: [QuoteLanguageRow] = [], names: [String: [LocalName]] = [:], language: String? = nil) {
            self.quotes = quotes
            self.names = names.filter { !$0.value.isEmpty }
            self.language = language ?? "en"
        }

        /// Adds `names` and `language` to the page's data when some entity has names.
        func attach(to json: inout JSONValue) {
            guard !names.isEmpty, case .object(var o) = json else { return }
            var byID = JSONObject()
            for (id, list) in names {
                var byLang = JSONObject()
                for n in list { byLang[n.lang] = .string(n.text) }
                byID[id] = .object(byLang)
            }
            o["names"] = .object(byID)
            o["language"] = .string(language)
            json = .object(o)
        }

        /// Adds the quote's language and translations (each with who made it) to a source's data.
        static func add(_ row: QuoteLanguageRow?, to source: inout JSONObject) {
            guard let row else { return }
            if let lang = row.quoteLang { source["quote_lang"] = .string(lang) }
            let translations = row.translations
            guard !translations.isEmpty else { return }
            source["translations"] = .array(
                translations.map { t in
                    .object(["lang": .string(t.lang), "text": .string(t.text), "by": .string(t.by.text)])
                })
        }
    }
}
