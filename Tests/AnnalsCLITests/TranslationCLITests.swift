import Foundation
import Testing

/// Quotes with their language and translations, and entity names in their own script, through
/// the binary, on a ledger of a city's water dispute quoting Arabic, Chinese and Russian sources.
@Suite("Translations and names in their own script (CLI)")
struct TranslationCLITests {
    static let entities =
        [
            #"{"type":"entity","title":"Registers the water board","occurred":"2020","sources":[{"url":"https://example.org/board"}],"entity":{"id":"org:cairo-water","name":"Cairo Water Board","names":{"ar":"مياه القاهرة","zh":"开罗水务局"}}}"#,
            #"{"type":"entity","title":"Registers the utility","occurred":"2020","sources":[{"url":"https://example.org/utility"}],"entity":{"id":"org:volga-utility","name":"Volga Utility","names":{"RU":"Волжский водоканал"}}}"#,
        ].joined(separator: "\n") + "\n"

    static let chineseReport =
        #"{"type":"report","title":"Contractor denies cutting supply","occurred":"2024-06-02","actors":[{"entity":"org:cairo-water","role":"subject"}],"claims":[{"id":"claim:supply-cut","stance":"denies","statement":"The supply was cut for a week"}],"sources":[{"url":"https://example.org/zh","quote":"我们没有切断供水","quote_lang":"zh-hans","translations":[{"lang":"en","text":"We did not cut the supply","by":{"person":"Li Wei"}}]}]}"#

    func ledger() throws -> TestLedger {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: Self.entities).status == 0)
        return ledger
    }

    @Test func flagFormResolvesAnArabicNameAndKeepsTheTranslationWithItsTranslator() throws {
        let ledger = try ledger()
        let r = try ledger.run([
            "append", "report", "--title", "Board denies the cut", "--occurred", "2024-06-01",
            "--actor", "مياه القاهرة=speaker", "--claim", "claim:supply-cut=denies",
            "--statement", "The supply was cut for a week",
            "--source", "https://example.org/ar", "--quote", "لم نقطع المياه", "--quote-lang", "AR",
            "--translation", "en=We did not cut the water", "--translator", "system=ExampleMT@3.1",
            "--source", "https://example.org/plain", "--quote", "-", "--quote-lang", "-", "--translation", "-",
            "--translator", "-",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try ledger.run(["show", "3", "--format", "json"]).stdout
        #expect(json.contains(#""actors":[{"entity":"org:cairo-water","role":"speaker"}]"#))
        #expect(
            json.contains(
                #"{"quote":"لم نقطع المياه","quote_lang":"ar","translations":[{"by":{"system":"ExampleMT","version":"3.1"},"lang":"en","text":"We did not cut the water"}],"url":"https://example.org/ar"}"#
            ))
        #expect(json.contains(#"{"url":"https://example.org/plain"}"#))
        let text = try ledger.run(["show", "3"]).stdout
        #expect(
            text.contains(
                "“لم نقطع المياه” [ar]\n            “We did not cut the water” [en, translated by ExampleMT 3.1 (machine)]"
            ))
    }

    @Test func jsonFormShowsInClaimTextAndJSON() throws {
        let ledger = try ledger()
        #expect(try ledger.run(["append", "--file", "-"], stdin: Self.chineseReport + "\n").status == 0)
        let text = try ledger.run(["claim", "claim:supply-cut"]).stdout
        #expect(
            text.contains("      “我们没有切断供水” [zh-Hans]\n      “We did not cut the supply” [en, translated by Li Wei]"))
        let json = try ledger.run(["claim", "claim:supply-cut", "--format", "json"]).stdout
        #expect(
            json.contains(
                #""quote":"我们没有切断供水","quote_lang":"zh-Hans","translations":[{"by":{"person":"Li Wei"},"lang":"en","text":"We did not cut the supply"}]"#
            ))
    }

    @Test(arguments: ["开罗水务局", "مياه القاهرة", "Волжский водоканал", "ВОЛЖСКИЙ ВОДОКАНАЛ"])
    func readFiltersResolveNamesInTheirOwnScript(_ name: String) throws {
        let ledger = try ledger()
        let actor = name.hasPrefix("В") ? "org:volga-utility" : "org:cairo-water"
        let event =
            #"{"type":"announcement","title":"Report on \#(actor)","occurred":"2024-06-02","actors":[{"entity":"\#(actor)","role":"subject"}],"sources":[{"url":"https://example.org/r"}]}"#
        #expect(try ledger.run(["append", "--file", "-"], stdin: event + "\n").status == 0)
        let r = try ledger.run(["log", "--actor", name])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Report on \(actor)"))
    }

    @Test func entitiesListNamesPerLanguage() throws {
        let ledger = try ledger()
        let text = try ledger.run(["entities", "--wide"]).stdout
        #expect(text.contains("Cairo Water Board  [ar: مياه القاهرة; zh: 开罗水务局]"))
        #expect(text.contains("Volga Utility  [ru: Волжский водоканал]"))
        let json = try ledger.run(["entities", "--format", "jsonl"]).stdout
        #expect(json.contains(#""names":{"ar":"مياه القاهرة","zh":"开罗水务局"}"#))
    }

    static let refusedFlags: [[String]] = [
        ["--quote", "q", "--quote-lang", "chinese"],
        ["--quote", "q", "--translation", "en=t"],
        ["--quote", "q", "--translation", "en=t", "--translator", "robot=x"],
        ["--quote", "q", "--translation", "en=t", "--translator", "system=ExampleMT"],
        ["--quote", "q", "--translation", "t", "--translator", "person=A"],
        ["--quote-lang", "zh"],
        ["--quote", "q", "--translator", "person=A"],
    ]

    @Test(arguments: refusedFlags)
    func badTranslationFlagsLeaveTheLedgerUntouched(_ flags: [String]) throws {
        let ledger = try ledger()
        let before = try ledger.fingerprint()
        let r = try ledger.run(
            ["append", "report", "--title", "t", "--occurred", "2024", "--source", "https://example.org/x"] + flags)
        #expect(r.status == 64 || r.status == 65, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("Fix") || r.stderr.contains("--trans") || r.stderr.contains("--quote"))
        #expect(try ledger.fingerprint() == before)
    }

    @Test func aNameInOwnScriptCannotBeTakenByAnotherEntity() throws {
        let ledger = try ledger()
        let before = try ledger.fingerprint()
        let clash =
            #"{"type":"entity","title":"Registers","occurred":"2020","sources":[{"url":"https://example.org/c"}],"entity":{"id":"org:other","name":"Other","aliases":["开罗水务局"]}}"#
        let r = try ledger.run(["append", "--file", "-"], stdin: clash + "\n")
        #expect(r.status == 65, "\(r.stderr)")
        #expect(try ledger.fingerprint() == before)
    }
}
