/// An ``ImportMapping`` bound to a sheet's header: turns each row into an event's JSON, and says
/// which column each event field came from (so an append error can name the column).
public struct ImportRowMapper: Sendable {
    public let mapping: ImportMapping
    public let header: [String]
    private let index: [String: Int]

    /// Binds `mapping` to `header`; a mapped column the header lacks is an error listing the header's columns.
    public init(mapping: ImportMapping, header: [String], headerRecord: Int = 1, line: Int = 1) throws(ImportError) {
        self.mapping = mapping
        self.header = header
        var index: [String: Int] = [:]
        for (i, h) in header.enumerated() where index[h] == nil { index[h] = i }
        for (key, column) in mapping.columns where index[column] == nil {
            throw ImportError(
                place: "mapping key '\(UserText.escaped(key))'", value: column,
                problem: "no such column in the sheet's header (row \(headerRecord))",
                fix: "use one of the header's \(header.count) columns: " + ImportError.list(header))
        }
        self.index = index
    }

    /// A row's event, and for each event field path the column it came from.
    public func event(_ row: CSVParser.Row) throws(ImportError) -> (json: JSONValue, columns: [String: String]) {
        var o: JSONObject = [:]
        var columns: [String: String] = [:]
        let m = mapping
        o["type"] = .string(try cell(m.type, "type", row, &columns) ?? "")
        o["title"] = .string(try cell(m.title, "title", row, &columns) ?? "")
        o["occurred"] = .string(try cell(m.occurred, "occurred", row, &columns) ?? "")
        if let v = m.summary, let s = try cell(v, "summary", row, &columns) { o["summary"] = .string(s) }
        if let v = m.certainty, let s = try cell(v, "certainty", row, &columns) { o["certainty"] = .string(s) }
        if let v = m.externalID, let s = try cell(v, "external_id", row, &columns) { o["external_id"] = .string(s) }
        try addActors(to: &o, row, &columns)
        try addClaim(to: &o, row, &columns)
        try addSources(to: &o, row, &columns)
        return (.object(o), columns)
    }

    /// The text `v` gives for `row` (nil for an empty optional cell), noting under `path` the column it came from.
    private func cell(
        _ v: ImportMapping.Value, _ path: String, _ row: CSVParser.Row, _ columns: inout [String: String]
    ) throws(ImportError) -> String? {
        var text: String
        if let c = v.constant {
            text = c
        } else {
            let col = v.column ?? ""
            text = row.string(index[col] ?? Int.max)
            columns[path] = col
            if text.trimmingSpaces.isEmpty {
                if v.optional { return nil }
                throw ImportError.row(
                    row.record, line: row.line, column: col, value: nil, problem: "the cell is empty",
                    fix: "fill it in, or mark '\(v.key)' \"optional\": true in the mapping")
            }
        }
        if !v.map.isEmpty {
            guard let mapped = v.map[text] ?? v.map[String(text.trimmingSpaces)] else {
                throw ImportError.row(
                    row.record, line: row.line, column: v.column, value: text,
                    problem: "not a value the mapping's '\(v.key).map' knows",
                    fix: "use one of: " + ImportError.list(v.map.keys.sorted()) + ", or add it to the map")
            }
            text = mapped
        }
        if let f = v.format {
            guard let d = f.date(text) else {
                throw ImportError.row(
                    row.record, line: row.line, column: v.column, value: text,
                    problem: "does not match the date format \(f.text) of '\(v.key)'",
                    fix: "write the date as \(f.text), or change '\(v.key).format' in the mapping")
            }
            text = d
        }
        return text
    }

    /// The row's `actors`: those whose entity cell is empty (and optional) are left out.
    @inline(__always)
    private func addActors(
        to o: inout JSONObject, _ row: CSVParser.Row, _ columns: inout [String: String]
    ) throws(ImportError) {
        var actors: [JSONValue] = []
        for a in mapping.actors {
            let path = "actors[\(actors.count)]"
            guard let e = try cell(a.entity, path + ".entity", row, &columns) else { continue }
            let r = try cell(a.role, path + ".role", row, &columns)
            var ao: JSONObject = ["entity": .string(e)]
            if let r { ao["role"] = .string(r) }
            actors.append(.object(ao))
        }
        if !actors.isEmpty { o["actors"] = .array(actors) }
    }

    /// The row's claim, when the mapping has one and the row's claim id is not empty.
    @inline(__always)
    private func addClaim(
        to o: inout JSONObject, _ row: CSVParser.Row, _ columns: inout [String: String]
    ) throws(ImportError) {
        guard let c = mapping.claim, let id = try cell(c.id, "claims[0].id", row, &columns) else { return }
        var co: JSONObject = [
            "id": .string(id), "stance": .string(try cell(c.stance, "claims[0].stance", row, &columns) ?? ""),
        ]
        if let st = c.statement, let s = try cell(st, "claims[0].statement", row, &columns) {
            co["statement"] = .string(s)
        }
        o["claims"] = .array([.object(co)])
    }

    /// The row's `sources` (a source whose every cell is empty is left out).
    @inline(__always)
    private func addSources(
        to o: inout JSONObject, _ row: CSVParser.Row, _ columns: inout [String: String]
    ) throws(ImportError) {
        var sources: [JSONValue] = []
        for s in mapping.sources {
            var so: JSONObject = [:]
            for (field, v) in s {
                if let text = try cell(v, "sources[\(sources.count)].\(field)", row, &columns) {
                    so[field] = .string(text)
                }
            }
            if !so.isEmpty { sources.append(.object(so)) }
        }
        o["sources"] = .array(sources)
    }

    /// The column an event field path (from a ``ValidationError``) came from: the longest mapped prefix.
    public static func column(for field: String, in columns: [String: String]) -> String? {
        var f = Substring(field)
        while !f.isEmpty {
            if let c = columns[String(f)] { return c }
            guard let cut = f.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            f = f[..<cut]
        }
        return columns.first(where: { $0.key.hasPrefix(field + "[") || $0.key.hasPrefix(field + ".") })?.value
    }
}
