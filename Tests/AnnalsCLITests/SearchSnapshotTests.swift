import Foundation
import Testing

/// Search in every script survives snapshots: the prepared text (`search_terms`) is derived
/// again on restore, and snapshots carry only the original text, so their bytes do not change.
@Suite("Search after a snapshot restore", .serialized)
struct SearchSnapshotTests {
    static let source = #"{"url":"https://example.org/b","publisher":"Example","quote":"ダムの放流を延期する"}"#
    static let input =
        [
            #"{"type":"entity","title":"Registers City Water Board","occurred":"2020","#
                + #""entity":{"id":"gov:water","name":"City Water Board"},"sources":[{"url":"https://example.org/a"}]}"#,
            #"{"type":"announcement","title":"水库放水计划公布","summary":"الخطة الجديدة للمياه","occurred":"2025-03-01","#
                + #""actors":[{"entity":"gov:water","role":"announcer"}],"sources":[\#(source)]}"#,
        ].joined(separator: "\n") + "\n"

    static func correction(of id: String) -> String {
        #"{"type":"correction","title":"Corrects the plan","occurred":"2025-03-02","amends":{"event":"\#(id)","#
            + #""reason":"r","set":{"title":"水库蓄水计划"}},"sources":[{"url":"https://example.org/c"}]}"#
    }

    /// (words, --known-at-seq or nil for now, the snippet expected, or nil for no match).
    static let cases: [(String, String?, String?)] = [
        ("蓄水", nil, "水库[蓄水]计划"),
        ("放水", nil, nil),
        ("放水", "2", "水库[放水]计划公布"),
        ("延期", nil, "ダムの放流を[延期]する"),
        ("الخطة", nil, "[الخطة] الجديدة للمياه"),
        ("蓄水 延期", nil, "水库[蓄水]计划"),
    ]

    /// The snippets `search` prints for each case, in order ("" for no match).
    static func snippets(_ ledger: TestLedger) throws -> [String] {
        try cases.map { words, seq, _ in
            let r = try ledger.run(["search"] + (seq.map { ["--known-at-seq", $0] } ?? []) + [words])
            return r.stdout.split(separator: "\n").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) }
                ?? ""
        }
    }

    @Test("CJK and Arabic words are found before and after a restore; a new snapshot has the same bytes")
    func restoreKeepsSearch() throws {
        let ledger = try TestLedger()
        try #require(ledger.run(["append", "--file", "-"], stdin: Self.input).status == 0)
        let id = try #require(
            ledger.run(["query", "--format", "csv", "SELECT id FROM events WHERE seq = 2"]).stdout
                .split(separator: "\n").last.map(String.init))
        try #require(ledger.run(["append", "--file", "-"], stdin: Self.correction(of: id)).status == 0)
        let expected = Self.cases.map { $0.2 ?? "" }
        #expect(try Self.snippets(ledger) == expected)

        try #require(ledger.run(["snapshot", "create", "--name", "first"]).status == 0)
        try FileManager.default.removeItem(at: ledger.root.appendingPathComponent(".annals"))
        let restore = try ledger.run(["snapshot", "restore", "first"])
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try Self.snippets(ledger) == expected)

        try #require(ledger.run(["snapshot", "create", "--name", "second"]).status == 0)
        let snapshots = ledger.root.appendingPathComponent("Snapshots")
        let first = try Data(contentsOf: snapshots.appendingPathComponent("first.jsonl.gz"))
        let second = try Data(contentsOf: snapshots.appendingPathComponent("second.jsonl.gz"))
        #expect(first == second)
        // The snapshot's full-text rows hold the original text, not the prepared terms.
        let (status, lines, _) = try tool(["gzip", "-dc", "Snapshots/first.jsonl.gz"], in: ledger.root)
        let text = String(decoding: lines, as: UTF8.self)
        #expect(status == 0 && text.contains("ダムの放流を延期する"))
        #expect(!text.contains("水库 库蓄") && !text.contains("延期 期す"))
        #expect(try ledger.run(["snapshot", "verify", "--all"]).status == 0)
    }
}
