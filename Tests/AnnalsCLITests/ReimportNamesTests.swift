import Foundation
import Testing

/// Re-importing an unchanged sheet reports every row as already imported, whatever names or
/// aliases it gives its actors: rows are compared after the names are resolved, as the append
/// resolves them. A city's water dispute.
@Suite("Re-importing a sheet that names its actors")
struct ReimportNamesTests {
    static let map = """
        {"external_id": {"column": "Ref"}, "type": {"const": "announcement"}, "title": {"column": "Headline"},
         "occurred": {"column": "Date"},
         "actors": [{"entity": {"column": "Who"}, "role": {"const": "announcer"}}],
         "sources": [{"url": {"column": "Link"}, "publisher": {"const": "The River Gazette"}}]}
        """
    static let sheet = """
        Ref,Date,Headline,Who,Link
        W-1,2024-03-01,The department reports lead in two wells,Water Department,https://example.org/w1
        W-2,2024-03-09,The department says the wells are safe again,city water,https://example.org/w2
        W-3,2024-04-02,The plant announces a new filter,org:clearbrook,https://example.org/w3
        W-4,2024-04-10,The plant promises monthly tests,CLEARBROOK,https://example.org/w4

        """

    @Test("an unchanged sheet is already imported row for row, by name, alias or id")
    func unchangedSheet() throws {
        let ledger = try TestLedger()
        let entities = [
            Inputs.entity("gov:water-dept", "Water Department", aliases: ["City Water"]),
            Inputs.entity("org:clearbrook", "Clearbrook Chemical", aliases: ["Clearbrook"]),
        ]
        try #require(ledger.run(["append", "--file", "-"], stdin: entities.joined(separator: "\n") + "\n").status == 0)
        let sheet = try ledger.dir.write("wells.csv", Self.sheet)
        let map = try ledger.dir.write("wells.map.json", Self.map)
        let first = try ledger.run(["import", "csv", sheet.path, "--map", map.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("appended 4 events from 4 rows"), "\(first.stdout)")
        let before = try ledger.fingerprint()

        let again = try ledger.run(["import", "csv", sheet.path, "--map", map.path, "--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect((report["alreadyImported"] as? [Any])?.count == 4, "\(again.stdout)")
        #expect((report["changed"] as? [Any])?.isEmpty == true, "\(again.stdout)")
        #expect(!again.stderr.contains("differs from the logged event"), "\(again.stderr)")
        #expect(try ledger.fingerprint() == before)

        // A row that really changed is still told apart.
        let edited = try ledger.dir.write(
            "edited.csv", Self.sheet.replacingOccurrences(of: "monthly tests", with: "weekly tests"))
        let changed = try ledger.run(["import", "csv", edited.path, "--map", map.path, "--format", "json"])
        let changedReport = try #require(
            try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any])
        #expect((changedReport["changed"] as? [Any])?.count == 1, "\(changed.stdout)")
    }
}
