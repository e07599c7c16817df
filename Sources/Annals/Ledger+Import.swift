import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation

extension Ledger {
    /// Imports the rows of the CSV (or TSV) file at `path` as events, as mapped by the JSON file
    /// at `mapPath`: each row becomes one event line of a scratch JSON Lines file under
    /// `.annals/` (see ``SheetImport``), which goes through ``append(file:recorder:dryRun:listsEach:)``
    /// like any batch, so the import is validated first and written all or nothing. Rows whose
    /// `external_id` is already logged are skipped. Errors name the row, line and column.
    public func importCSV(
        path: String, mapPath: String, delimiter: UInt8, recorder: String?, dryRun: Bool, listsEach: Bool = true
    ) throws -> ImportReport {
        let mapBytes = try InputFile.read(mapPath, cap: .mapping)
        let mapJSON: JSONValue
        do { mapJSON = try JSONParser.parse(mapBytes) } catch {
            throw ImportError(
                place: UserText.escaped(mapPath, limit: 200), problem: "the mapping is not valid JSON (\(error))",
                fix: "see the mapping example in the README")
        }
        let mapping = try ImportMapping.decode(mapJSON)
        // The lock is held from before the first scratch byte to the append's end: a scratch file
        // found by whoever takes the lock next can only be a killed import's, and is swept.
        return try log.withExclusiveLock {
            let sheet = try SheetImport(
                ledger: self, path: path, mapping: mapping, delimiter: delimiter, dryRun: dryRun,
                listsEach: listsEach)
            defer { sheet.remove() }
            return try sheet.run(recorder: recorder, listsEach: listsEach)
        }
    }
}

/// Likely duplicates for a person to look at: same date and a same source URL, or same date and
/// a title whose normalised words overlap by Jaccard ≥ 0.8; against the ledger and the sheet.
struct LikelyDuplicates {
    struct Ledger {
        var byDate: [String: [(tokens: Set<String>, urls: [String], label: String)]] = [:]
        mutating func add(date: String, title: String, urls: [String], label: String) {
            byDate[date, default: []].append((LikelyDuplicates.tokens(title), urls, label))
        }
    }
    var sheet = Ledger()

    static func tokens(_ title: String) -> Set<String> {
        Set(
            title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
    }

    mutating func check(_ json: JSONValue, record: Int, line: Int, ledger: Ledger, into report: inout ImportReport) {
        guard let date = json["occurred"]?.stringValue, let title = json["title"]?.stringValue else { return }
        var urls: [String] = []
        if case .array(let s)? = json["sources"] {
            urls = s.compactMap { $0["url"]?.stringValue }
        }
        let t = Self.tokens(title)
        for other in (ledger.byDate[date] ?? []) + (sheet.byDate[date] ?? []) {
            let why: String
            if !Set(urls).isDisjoint(with: other.urls) {
                why = "same date and source URL"
            } else {
                let union = t.union(other.tokens).count
                guard union > 0, Double(t.intersection(other.tokens).count) / Double(union) >= 0.8 else { continue }
                why = "same date, similar title"
            }
            report.likelyDuplicates.append(.init(record: record, line: line, other: other.label, why: why))
        }
        sheet.add(date: date, title: title, urls: urls, label: "row \(record)")
    }
}
