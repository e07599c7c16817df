import AnnalsCore
import AnnalsStore

/// A semantic diff of two projection states, computed by a streaming merge of their sorted
/// snapshot lines. Unchanged rows are compared byte for byte and forgotten, so memory grows
/// with the changes, not with the ledger.
public struct SnapshotDiff: Sendable {
    public struct Row: Sendable {
        public var table: String
        public var key: [JSONValue]
        public var values: JSONObject
        public func text(_ column: String) -> String? {
            values[column]?.stringValue ?? values[column]?.integerValue.map(String.init)
        }
        public func int(_ column: String) -> Int64? { values[column]?.integerValue }
    }

    public struct Change: Sendable {
        public var old: Row?
        public var new: Row?
        public var table: String { (new ?? old)!.table }
    }

    /// Every changed row of the tables the report is made of, grouped by table.
    public var changes: [String: [Change]] = [:]
    /// Added, removed and changed row counts per table.
    public var counts: [String: (added: Int, removed: Int, changed: Int)] = [:]
    /// Sources (by id) the report mentions, also unchanged ones, from the newer state.
    public var sourcesByID: [Int64: Row] = [:]
    public var unchangedRows = 0

    public var isEmpty: Bool { counts.values.allSatisfy { $0.added + $0.removed + $0.changed == 0 } }

    /// Tables whose changed rows are kept for the report; the others are only counted.
    static let kept: Set<String> = [
        "ban_periods", "claim_history", "claim_standing", "entities", "event_sources", "events", "releases", "sources",
    ]

    /// Compares two snapshot bodies (their lines after the header), both in snapshot order.
    /// `reread` streams the newer body again, to find sources the report cites.
    public static func compare(
        old: () throws -> ArraySlice<UInt8>?, new: () throws -> ArraySlice<UInt8>?,
        reread: (() throws -> (() throws -> ArraySlice<UInt8>?))? = nil
    ) throws -> SnapshotDiff {
        var diff = SnapshotDiff()
        var a = try old()
        var b = try new()
        while a != nil || b != nil {
            if let x = a, let y = b, x == y {
                diff.unchangedRows += 1
                a = try old()
                b = try new()
                continue
            }
            let order: Int
            if let x = a, let y = b { order = compareKeys(try key(x), try key(y)) } else { order = a == nil ? 1 : -1 }
            if order == 0 {
                diff.record(Change(old: try row(a!), new: try row(b!)))
                a = try old()
                b = try new()
            } else if order < 0 {
                diff.record(Change(old: try row(a!), new: nil))
                a = try old()
            } else {
                diff.record(Change(old: nil, new: try row(b!)))
                b = try new()
            }
        }
        if let reread { try diff.fetchSources(reread()) }
        return diff
    }

    private mutating func record(_ c: Change) {
        let table = c.table
        var n = counts[table] ?? (0, 0, 0)
        if c.old == nil { n.added += 1 } else if c.new == nil { n.removed += 1 } else { n.changed += 1 }
        counts[table] = n
        if Self.kept.contains(table) { changes[table, default: []].append(c) }
        if table == "sources", let r = c.new ?? c.old, let id = r.int("id") { sourcesByID[id] = r }
    }

    /// Source rows cited by changed events but unchanged themselves, read from the newer state.
    private mutating func fetchSources(_ next: () throws -> ArraySlice<UInt8>?) throws {
        let wanted = Set((changes["event_sources"] ?? []).compactMap { ($0.new ?? $0.old)?.int("source_id") })
            .subtracting(sourcesByID.keys)
        guard !wanted.isEmpty else { return }
        let prefix = Array(#"{"key":["sources","#.utf8)
        while let line = try next() {
            guard line.starts(with: prefix) else { continue }
            let r = try Self.row(line)
            if let id = r.int("id"), wanted.contains(id) { sourcesByID[id] = r }
        }
    }

    // MARK: Lines

    /// The key array at the start of a snapshot line, parsed without parsing the row.
    public static func key(_ line: ArraySlice<UInt8>) throws -> [JSONValue] {
        let prefix = Array(#"{"key":"#.utf8)
        guard line.starts(with: prefix) else {
            throw SnapshotError.notASnapshot(reason: "a row line does not start with {\"key\":")
        }
        var i = line.startIndex + prefix.count
        var depth = 0
        var inString = false
        while i < line.endIndex {
            let c = line[i]
            if inString {
                if c == 0x5C {
                    i += 2
                    continue
                }
                if c == 0x22 { inString = false }
            } else if c == 0x22 {
                inString = true
            } else if c == 0x5B {
                depth += 1
            } else if c == 0x5D {
                depth -= 1
                if depth == 0 { break }
            }
            i += 1
        }
        guard i < line.endIndex,
            case .array(let key)? = try? JSONParser.parse(line[(line.startIndex + prefix.count)...i])
        else {
            throw SnapshotError.notASnapshot(reason: "a row line has no key array")
        }
        return key
    }

    static func row(_ line: ArraySlice<UInt8>) throws -> Row {
        guard case .object(let o)? = try? JSONParser.parse(line), case .array(let key)? = o["key"],
            case .string(let table)? = key.first,
            case .object(let values)? = o["row"]
        else { throw SnapshotError.notASnapshot(reason: "a row line is not {\"key\": […], \"row\": {…}}") }
        return Row(table: table, key: key, values: values)
    }

    /// Snapshot order: element by element; integers before strings (as SQLite orders them),
    /// strings by their UTF-8 bytes (SQLite's BINARY collation).
    static func compareKeys(_ a: [JSONValue], _ b: [JSONValue]) -> Int {
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case (.integer(let p), .integer(let q)): if p != q { return p < q ? -1 : 1 }
            case (.string(let p), .string(let q)):
                if p != q { return p.utf8.lexicographicallyPrecedes(q.utf8) ? -1 : 1 }
            case (.integer, .string): return -1
            case (.string, .integer): return 1
            default: break
            }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
