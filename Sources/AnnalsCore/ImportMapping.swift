/// How a spreadsheet's columns become events: read from a JSON mapping file (see the README's
/// "Importing a spreadsheet"). Each event field comes from a column (by header name), optionally
/// through a value map, or is a constant. Pure: no I/O.
public struct ImportMapping: Sendable {
    /// Where one value comes from.
    public struct Value: Sendable {
        /// The mapping key it was given under, e.g. `sources[0].url`.
        public var key: String
        public var column: String?
        public var constant: String?
        public var map: [String: String]
        /// A date format ("DD/MM/YYYY") for dates.
        public var format: DateFormat?
        /// An empty cell leaves the field out instead of being an error.
        public var optional: Bool
    }

    public var type: Value
    public var title: Value
    public var occurred: Value
    public var summary: Value?
    public var certainty: Value?
    public var externalID: Value?
    public var actors: [(entity: Value, role: Value)]
    public var claim: (id: Value, stance: Value, statement: Value?)?
    public var sources: [[(field: String, value: Value)]]

    /// Every column the mapping reads.
    public var columns: [(key: String, column: String)] {
        var all: [Value] = [type, title, occurred] + [summary, certainty, externalID].compactMap { $0 }
        for a in actors { all += [a.entity, a.role] }
        if let claim { all += [claim.id, claim.stance] + (claim.statement.map { [$0] } ?? []) }
        for s in sources { all += s.map(\.value) }
        return all.compactMap { v in v.column.map { (v.key, $0) } }
    }

    /// Reads a mapping file's JSON.
    public static func decode(_ json: JSONValue) throws(ImportError) -> ImportMapping {
        guard case .object(let o) = json else {
            throw ImportError.mapping(
                key: "", problem: "the mapping is not a JSON object", fix: "see the README example")
        }
        try checkKeys(o)
        var m = ImportMapping(
            type: try required("type", in: o), title: try required("title", in: o),
            occurred: try required("occurred", in: o), summary: try optional("summary", in: o),
            certainty: try optional("certainty", in: o), externalID: try optional("external_id", in: o),
            actors: [], claim: nil, sources: [])
        if m.occurred.format == nil && m.occurred.column != nil { m.occurred.format = DateFormat.iso }
        m.actors = try actors(o)
        m.claim = try claim(o)
        m.sources = try sources(o)
        return m
    }

    /// The mapping's top-level keys, as the README lists them.
    private static let knownKeys: Set<String> = [
        "type", "title", "occurred", "summary", "certainty", "external_id", "actors", "claim", "sources",
    ]

    /// Refuses the first unknown top-level key (in sorted order).
    private static func checkKeys(_ o: JSONObject) throws(ImportError) {
        for k in o.keys.sorted() where !knownKeys.contains(k) {
            throw ImportError.mapping(
                key: k, problem: "unknown mapping key",
                fix: "use: " + knownKeys.sorted().joined(separator: ", ") + " (type-specific parts are not mapped yet)")
        }
    }

    /// The value under top-level key `k`, which must be there.
    private static func required(_ k: String, in o: JSONObject) throws(ImportError) -> Value {
        guard let v = o[k] else {
            throw ImportError.mapping(
                key: k, problem: "missing", fix: "add \"\(k)\": {\"column\": \"…\"} or {\"const\": \"…\"}")
        }
        return try value(v, key: k)
    }

    /// The value under top-level key `k`, if any.
    private static func optional(_ k: String, in o: JSONObject) throws(ImportError) -> Value? {
        guard let v = o[k] else { return nil }
        return try value(v, key: k)
    }

    /// The `actors` list: each an entity and a role.
    private static func actors(_ o: JSONObject) throws(ImportError) -> [(entity: Value, role: Value)] {
        guard case .array(let list)? = o["actors"] else {
            if o["actors"] != nil {
                throw ImportError.mapping(key: "actors", problem: "not a list", fix: "write \"actors\": [{…}, …]")
            }
            return []
        }
        var actors: [(entity: Value, role: Value)] = []
        for (i, a) in list.enumerated() {
            guard case .object(let ao) = a, let e = ao["entity"], let r = ao["role"] else {
                throw ImportError.mapping(
                    key: "actors[\(i)]", problem: "needs 'entity' and 'role'",
                    fix: "write {\"entity\": {\"column\": \"…\"}, \"role\": {\"const\": \"accuser\"}}")
            }
            actors.append((try value(e, key: "actors[\(i)].entity"), try value(r, key: "actors[\(i)].role")))
        }
        return actors
    }

    /// The `claim`, if mapped: its id, stance and optional statement.
    private static func claim(_ o: JSONObject) throws(ImportError) -> (id: Value, stance: Value, statement: Value?)? {
        guard let c = o["claim"] else { return nil }
        guard case .object(let co) = c, let id = co["id"], let stance = co["stance"] else {
            throw ImportError.mapping(
                key: "claim", problem: "needs 'id' and 'stance'",
                fix: "write {\"id\": {\"column\": \"Claim\"}, \"stance\": {\"const\": \"asserts\"}}")
        }
        return (
            try value(id, key: "claim.id"), try value(stance, key: "claim.stance"),
            try co["statement"].map { (v) throws(ImportError) in try value(v, key: "claim.statement") }
        )
    }

    /// The fields a source may map.
    private static let sourceFields = ["url", "publisher", "title", "published", "quote"]

    /// The `sources` list, which must not be empty.
    private static func sources(_ o: JSONObject) throws(ImportError) -> [[(field: String, value: Value)]] {
        guard case .array(let list)? = o["sources"], !list.isEmpty else {
            throw ImportError.mapping(
                key: "sources", problem: "missing or empty: every event needs a source",
                fix: "add \"sources\": [{\"url\": {\"column\": \"Source URL\"}}]")
        }
        var sources: [[(field: String, value: Value)]] = []
        for (i, s) in list.enumerated() {
            guard case .object(let so) = s else {
                throw ImportError.mapping(key: "sources[\(i)]", problem: "not an object", fix: "write {\"url\": …}")
            }
            sources.append(try source(so, index: i))
        }
        return sources
    }

    /// One source's fields, in sorted order.
    private static func source(_ so: JSONObject, index i: Int) throws(ImportError) -> [(field: String, value: Value)] {
        var fields: [(field: String, value: Value)] = []
        for k in so.keys.sorted() {
            guard sourceFields.contains(k) else {
                throw ImportError.mapping(
                    key: "sources[\(i)].\(k)", problem: "unknown source field",
                    fix: "use: " + sourceFields.joined(separator: ", "))
            }
            var v = try value(so[k]!, key: "sources[\(i)].\(k)")
            if k == "published" && v.format == nil && v.column != nil { v.format = DateFormat.iso }
            fields.append((k, v))
        }
        return fields
    }

    /// One value: `{"column": …, "map": {…}, "format": …, "optional": true}` or `{"const": …}`.
    static func value(_ json: JSONValue, key: String) throws(ImportError) -> Value {
        guard case .object(let o) = json else {
            throw ImportError.mapping(
                key: key, problem: "not an object",
                fix: "write {\"column\": \"Header\"} or {\"const\": \"value\"}")
        }
        for k in o.keys.sorted() where !["column", "const", "map", "format", "optional"].contains(k) {
            throw ImportError.mapping(
                key: key + "." + k, problem: "unknown key", fix: "use column, const, map, format or optional")
        }
        let column = o["column"]?.stringValue
        let constant = o["const"]?.stringValue
        guard (column == nil) != (constant == nil) else {
            throw ImportError.mapping(
                key: key, problem: "give exactly one of 'column' (a header name) or 'const' (a text)",
                fix: "write {\"column\": \"Header\"} or {\"const\": \"value\"}")
        }
        var map: [String: String] = [:]
        if let mv = o["map"] {
            guard case .object(let mo) = mv else {
                throw ImportError.mapping(
                    key: key + ".map", problem: "not an object", fix: "write {\"Cell text\": \"value\", …}")
            }
            for (k, v) in mo.members {
                guard let s = v.stringValue else {
                    throw ImportError.mapping(
                        key: key + ".map." + k, problem: "not a string", fix: "map each cell text to a text")
                }
                map[k] = s
            }
        }
        var format: DateFormat?
        if let f = o["format"] {
            guard let s = f.stringValue else {
                throw ImportError.mapping(key: key + ".format", problem: "not a string", fix: "e.g. \"DD/MM/YYYY\"")
            }
            do { format = try DateFormat(s) } catch { throw ImportError.mapping(key: key + ".format", error) }
        }
        let optional = o["optional"] == .bool(true)
        return Value(key: key, column: column, constant: constant, map: map, format: format, optional: optional)
    }
}
