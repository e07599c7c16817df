import AnnalsCore
import AnnalsStore
import AnnalsSystem

/// A semantic diff of two projection states, computed by a streaming merge of their sorted
/// snapshot lines. Unchanged rows are compared byte for byte and forgotten, so memory grows
/// with the changes, not with the ledger.
public struct SnapshotDiff: Sendable {
    /// One row's change: `old` is nil for an added row, `new` for a removed one.
    public struct Change<Row: Sendable>: Sendable {
        public var old: Row?
        public var new: Row?
        /// The newer row, or the removed one.
        public var row: Row

        init?(old: Row?, new: Row?) {
            guard let row = new ?? old else { return nil }
            self.old = old
            self.new = new
            self.row = row
        }
    }

    // Every changed row of the tables the report is made of, decoded.
    public var events: [Change<EventRow>] = []
    public var eventSources: [Change<EventSourceRow>] = []
    public var sources: [Change<SourceRow>] = []
    public var claimHistory: [Change<ClaimHistoryRow>] = []
    public var claimStanding: [Change<ClaimSummary>] = []
    public var banPeriods: [Change<BanPeriod>] = []
    public var releases: [Change<ReleaseRow>] = []
    public var entities: [Change<EntityRow>] = []
    /// Added, removed and changed row counts per table.
    public var counts: [String: (added: Int, removed: Int, changed: Int)] = [:]
    /// Sources (by id) the report mentions, also unchanged ones, from the newer state.
    public var sourcesByID: [Int64: SourceRow] = [:]
    public var unchangedRows = 0

    public var isEmpty: Bool { counts.values.allSatisfy { $0.added + $0.removed + $0.changed == 0 } }

    /// Compares two snapshot bodies (their lines after the header), both in snapshot order.
    /// Equal lines (nearly all of them) are only compared byte for byte; sources the report cites
    /// are picked up as the merge passes them (`sources` comes after `event_sources`), and
    /// `reread`, which streams the newer body again, is only called for any still missing.
    public static func compare(
        old: () throws -> ArraySlice<UInt8>?, new: () throws -> ArraySlice<UInt8>?,
        reread: (() throws -> (() throws -> ArraySlice<UInt8>?))? = nil
    ) throws -> SnapshotDiff {
        var diff = SnapshotDiff()
        var cited = CitedSources()
        var a = try old()
        var b = try new()
        while a != nil || b != nil {
            if let x = a, let y = b, same(x, y) {
                diff.unchangedRows += 1
                if !diff.eventSources.isEmpty { try cited.note(unchanged: y, in: &diff) }
                a = try old()
                b = try new()
                continue
            }
            let order: Int
            if let x = a, let y = b { order = compareKeys(try key(x), try key(y)) } else { order = a == nil ? 1 : -1 }
            if order == 0 {
                try diff.record(old: try a.map(line), new: try b.map(line))
                a = try old()
                b = try new()
            } else if order < 0 {
                try diff.record(old: try a.map(line), new: nil)
                a = try old()
            } else {
                try diff.record(old: nil, new: try b.map(line))
                b = try new()
            }
        }
        if let reread { try diff.fetchSources(reread()) }
        return diff
    }

    /// Whether two lines hold the same bytes.
    @inline(__always)
    static func same(_ x: ArraySlice<UInt8>, _ y: ArraySlice<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        guard !x.isEmpty else { return true }
        return x.withUnsafeBytes { p in
            y.withUnsafeBytes { q in Memory.equal(p.baseAddress!, q.baseAddress!, count: p.count) }
        }
    }

    /// Unchanged `sources` rows that changed events cite, kept as the merge passes them.
    private struct CitedSources {
        static let prefix = Array(#"{"key":[""#.utf8) + Array(SourceRow.databaseTableName.utf8) + Array(#"","#.utf8)
        /// Source ids cited by changed `event_sources` rows, known once the merge reaches `sources`.
        private var wanted: Set<Int64>?

        mutating func note(unchanged line: ArraySlice<UInt8>, in diff: inout SnapshotDiff) throws {
            guard line.count > Self.prefix.count, line[line.startIndex + 9] == Self.prefix[9],
                line.starts(with: Self.prefix)
            else { return }
            let wanted = self.wanted ?? Set(diff.eventSources.map(\.row.sourceID))
            self.wanted = wanted
            // The id is the integer after the prefix; what is not a plain one is parsed in full.
            var id: Int64 = 0
            var i = line.startIndex + Self.prefix.count
            while i < line.endIndex, line[i] >= 0x30, line[i] <= 0x39, id < Int64.max / 100 {
                id = id * 10 + Int64(line[i] - 0x30)
                i += 1
            }
            if i == line.startIndex + Self.prefix.count || i == line.endIndex || line[i] != 0x5D {
                guard case .integer(let parsed)? = try SnapshotDiff.key(line).dropFirst().first else { return }
                id = parsed
            }
            guard wanted.contains(id), diff.sourcesByID[id] == nil else { return }
            let r: SourceRow = try SnapshotDiff.decode(try SnapshotDiff.line(line))
            diff.sourcesByID[r.id] = r
        }
    }

    /// Counts a changed row and, for the tables the report is made of, keeps it decoded.
    private mutating func record(old: Line?, new: Line?) throws {
        guard let table = (new ?? old)?.table else { return }
        var n = counts[table] ?? (0, 0, 0)
        if old == nil { n.added += 1 } else if new == nil { n.removed += 1 } else { n.changed += 1 }
        counts[table] = n
        switch table {
        case EventRow.databaseTableName: try Self.keep(old, new, in: &events)
        case EventSourceRow.databaseTableName: try Self.keep(old, new, in: &eventSources)
        case SourceRow.databaseTableName:
            try Self.keep(old, new, in: &sources)
            if let r = sources.last?.row { sourcesByID[r.id] = r }
        case ClaimHistoryRow.databaseTableName: try Self.keep(old, new, in: &claimHistory)
        case ClaimSummary.databaseTableName: try Self.keep(old, new, in: &claimStanding)
        case BanPeriod.databaseTableName: try Self.keep(old, new, in: &banPeriods)
        case ReleaseRow.databaseTableName: try Self.keep(old, new, in: &releases)
        case EntityRow.databaseTableName: try Self.keep(old, new, in: &entities)
        default: break
        }
    }

    private static func keep<Row: TableRow>(_ old: Line?, _ new: Line?, in list: inout [Change<Row>]) throws {
        if let change = Change<Row>(old: try old.map(decode), new: try new.map(decode)) { list.append(change) }
    }

    /// A snapshot row as `Row`; one that does not fit the schema is not a snapshot's.
    private static func decode<Row: TableRow>(_ line: Line) throws -> Row {
        do {
            return try Row(snapshotRow: line.values)
        } catch {
            throw SnapshotError.notASnapshot(reason: "a row of \(line.table) does not fit the projection's schema")
        }
    }

    /// Source rows cited by changed events but unchanged themselves, read from the newer state.
    private mutating func fetchSources(_ next: () throws -> ArraySlice<UInt8>?) throws {
        let wanted = Set(eventSources.map(\.row.sourceID)).subtracting(sourcesByID.keys)
        guard !wanted.isEmpty else { return }
        let prefix = Array(#"{"key":[""#.utf8) + Array(SourceRow.databaseTableName.utf8) + Array(#"","#.utf8)
        while let bytes = try next() {
            guard bytes.starts(with: prefix) else { continue }
            let r: SourceRow = try Self.decode(try Self.line(bytes))
            if wanted.contains(r.id) { sourcesByID[r.id] = r }
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

    /// A snapshot line's table and row object.
    struct Line {
        var table: String
        var values: JSONObject
    }

    static func line(_ bytes: ArraySlice<UInt8>) throws -> Line {
        guard case .object(let o)? = try? JSONParser.parse(bytes), case .array(let key)? = o["key"],
            case .string(let table)? = key.first,
            case .object(let values)? = o["row"]
        else { throw SnapshotError.notASnapshot(reason: "a row line is not {\"key\": […], \"row\": {…}}") }
        return Line(table: table, values: values)
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
