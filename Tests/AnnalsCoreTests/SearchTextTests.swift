import AnnalsCore
import Testing

struct SearchTextTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        var prepared: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "Latin, case and accents", text: "Déjà Vu, CAFÉ-crème", prepared: "deja vu cafe creme"),
        Case(name: "sentence end kept for snippets", text: "It rose. Then: fell", prepared: "it rose. then. fell"),
        Case(name: "Chinese run as bigrams", text: "深度求索", prepared: "深度 度求 求索"),
        Case(name: "two characters", text: "蒸馏", prepared: "蒸馏"),
        Case(name: "a lone character", text: "中", prepared: "中"),
        Case(name: "mixed script", text: "DeepSeek 回应蒸馏指控", prepared: "deepseek 回应 应蒸 蒸馏 馏指 指控"),
        Case(name: "Chinese punctuation separates", text: "降价,开发者", prepared: "降价 开发 发者"),
        Case(name: "Japanese kana and kanji", text: "東京タワー", prepared: "東京 京タ タワ ワー"),
        Case(name: "half-width katakana (NFKC)", text: "ｶﾀｶﾅ", prepared: "カタ タカ カナ"),
        Case(name: "Korean", text: "서울시 물 분쟁", prepared: "서울 울시 물 분쟁"),
        Case(name: "Arabic tashkeel", text: "كَتَبَ", prepared: "كتب"),
        Case(name: "Arabic alef forms", text: "أحمد إلى آخر ٱلماء", prepared: "احمد الى اخر الماء"),
        Case(name: "Arabic tatweel", text: "مـــاء", prepared: "ماء"),
        Case(name: "hamza on waw kept", text: "مؤتمر", prepared: "مؤتمر"),
        Case(name: "Hebrew niqqud", text: "שָׁלוֹם", prepared: "שלום"),
        Case(name: "Greek accents", text: "Αθήνα", prepared: "αθηνα"),
        Case(name: "Greek final sigma", text: "ΟΔΥΣΣΕΥΣ Λόγος", prepared: "οδυσσευσ λογοσ"),
        Case(name: "Russian case", text: "Москва ВОДА", prepared: "москва вода"),
        Case(
            name: "Thai run as bigrams of grapheme clusters (NFKC sara am)", text: "น้ำประปา",
            prepared: "\u{0E19}\u{0E49}\u{0E4D}\u{0E32}ป ปร ระ ะป ปา"),
        Case(name: "full-width Latin", text: "ＤｅｅｐＳｅｅｋ", prepared: "deepseek"),
        Case(name: "emoji and ZWJ separate", text: "water 👩‍👩‍👧 dam🌊", prepared: "water dam"),
        Case(name: "empty", text: "", prepared: ""),
        Case(name: "punctuation only", text: "— … !?", prepared: ""),
    ]

    @Test(arguments: cases)
    func prepares(_ c: Case) {
        #expect(SearchText.prepare(c.text) == c.prepared)
    }

    @Test(arguments: cases)
    func tokensCoverTheirOriginal(_ c: Case) {
        let tokens = SearchText.tokens(c.text)
        #expect(
            SearchText.prepare(c.text).split(whereSeparator: { $0 == " " || $0 == "." }).map(String.init)
                == tokens.map(\.term))
        for token in tokens {
            #expect(SearchText.prepare(String(c.text[token.range])).contains(token.term.prefix(1)))
        }
    }

    @Test func queriesArePreparedTheSameWay() {
        #expect(SearchText.matchText("深度求索") == "\"深度 度求 求索\"")
        #expect(SearchText.matchText("DeepSeek 蒸馏 distill*") == "\"deepseek\" \"蒸馏\" \"distill\"*")
        #expect(SearchText.matchText("\"Αθήνα\" ai-chip") == "\"αθηνα\" \"ai chip\"")
        #expect(SearchText.matchText("* — ") == "")
    }

    @Test func longInputIsCapped() {
        let word = "水" + String(repeating: "a", count: 9) + " "
        let text = String(repeating: word, count: SearchText.maxLength / 10 + 1000)
        let terms = SearchText.prepare(text).split(separator: " ")
        // Each word is 13 bytes (水 takes 3) and gives two terms.
        #expect(terms.count <= 2 * (SearchText.maxLength / 13 + 1))
        #expect(terms.count >= 2 * (SearchText.maxLength / 13 - 1))
    }

    @Test func snippetsAreShownInTheOriginal() {
        let title = "深度求索发布新模型 DeepSeek 回应蒸馏指控"
        let prepared = "\u{3}布新 新模 模型 deepseek 回应 应蒸 \u{1}蒸馏\u{2} 馏指 指控"
        #expect(SearchSnippet.original(prepared, in: [title, nil, ""]) == "…布新模型 DeepSeek 回应[蒸馏]指控")
        let latin = "A Water Dispute. The city's dam."
        let marked = "a water dispute. the city s \u{1}dam\u{2}."
        #expect(SearchSnippet.original(marked, in: ["x", latin]) == "A Water Dispute. The city's [dam].")
        #expect(SearchSnippet.original("\u{1}gone\u{2}\u{3}", in: ["other"]) == "[gone]…")
    }
}
