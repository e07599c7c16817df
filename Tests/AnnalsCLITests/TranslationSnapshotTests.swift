import Foundation
import Testing

/// Snapshots carry quote languages, translations and entity names in other languages: a restored
/// projection resolves a name in its own script and shows the translation without a rebuild.
@Suite("Translations in snapshots (CLI)")
struct TranslationSnapshotTests {
    @Test func aRestoredSnapshotKeepsNamesAndTranslations() throws {
        let ledger = try TestLedger()
        let input = TranslationCLITests.entities + TranslationCLITests.chineseReport + "\n"
        try #require(ledger.run(["append", "--file", "-"], stdin: input).status == 0)
        try #require(ledger.run(["snapshot", "create", "--name", "langs"]).status == 0)
        #expect(try ledger.run(["snapshot", "verify", "langs"]).status == 0)
        let restored = try ledger.run(["snapshot", "restore", "langs"])
        try #require(restored.status == 0, "\(restored.stderr)")

        let log = try ledger.run(["log", "--actor", "开罗水务局"])
        #expect(log.status == 0, "\(log.stderr)")
        #expect(log.stdout.contains("Contractor denies cutting supply"), "\(log.stdout)")
        let claim = try ledger.run(["claim", "claim:supply-cut"]).stdout
        #expect(
            claim.contains("      “我们没有切断供水” [zh-Hans]\n      “We did not cut the supply” [en, translated by Li Wei]"),
            "\(claim)")
        let entities = try ledger.run(["entities", "--wide"]).stdout
        #expect(entities.contains("Cairo Water Board  [ar: مياه القاهرة; zh: 开罗水务局]"), "\(entities)")
    }

    /// A snapshot of an earlier prefix of the log: the entities come from the snapshot, the report
    /// from the catch-up replay, and the name in its own script still finds it.
    @Test func aRestoredPrefixKeepsTheNamesTheCatchUpUses() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: TranslationCLITests.entities).status == 0)
        try #require(ledger.run(["snapshot", "create", "--name", "early"]).status == 0)
        let report = TranslationCLITests.chineseReport + "\n"
        try #require(ledger.run(["append", "--file", "-"], stdin: report).status == 0)
        let restored = try ledger.run(["snapshot", "restore", "early"])
        try #require(restored.status == 0, "\(restored.stderr)")
        let log = try ledger.run(["log", "--actor", "مياه القاهرة"])
        #expect(log.stdout.contains("Contractor denies cutting supply"), "\(log.stdout)\(log.stderr)")
    }
}
