/// Reads fields of one JSON object by path, refusing unknown fields and wrong types with
/// messages that name the full field path.
struct FieldReader {
    let object: FieldObject
    /// Where the reader stands; spelled out only for error messages.
    let at: FieldPath
    /// Bit i set when member i was read (objects have at most ``JSONParser/maxMembers`` members).
    private var used: UInt64 = 0
    private var element: FieldValue?

    init(object: JSONObject, path: String) {
        precondition(path.isEmpty, "readers of a whole event start at its root")
        self.init(object: .tree(object), at: .root)
    }

    init(object: FieldObject, at: FieldPath) {
        self.object = object
        self.at = at
    }

    /// A reader for one array element that is not an object (strings in `aliases`).
    init(element: FieldValue, at: FieldPath) {
        self.object = .tree([:])
        self.at = at
        self.element = element
    }

    var pathPrefix: String { at.description }
    func path(_ key: String) -> String { at.isEmpty ? key : at.description + "." + key }
    func path(_ key: StaticString) -> String { path(key.description) }
    func has(_ key: StaticString) -> Bool { object.member(key) != nil }

    /// Refuses any field that was not read.
    func finish() throws(ValidationError) {
        let all: UInt64 = object.count >= 64 ? ~0 : (1 << UInt64(object.count)) - 1
        guard used & all != all else { return }
        let keys = object.keys
        let unknown = keys.indices.filter { used & (1 << UInt64($0)) == 0 }.map { keys[$0] }
        let readKeys = asked.all
        let known = Set(readKeys)
        let first = unknown.filter { !known.contains($0) }.sorted(by: CanonicalJSON.precedes).first ?? unknown[0]
        throw ValidationError(
            field: path(first), problem: "unknown field",
            fix: "remove it; allowed here: " + readKeys.sorted().joined(separator: ", "))
    }

    /// Every key asked for, for the "allowed here" hint (error path only).
    private var asked = AskedKeys()

    private mutating func take(_ key: StaticString) -> FieldValue? {
        asked.append(key)
        guard let (i, value) = object.member(key) else { return nil }
        used |= 1 << UInt64(i)
        if value.isNull { return nil }
        return value
    }

    /// The value at `key` as a tree, for fields of free shape (nil when absent or null).
    mutating func optionalValue(_ key: StaticString) throws(ValidationError) -> JSONValue? { take(key)?.jsonValue }

    mutating func optionalString(_ key: StaticString) throws(ValidationError) -> String? {
        guard let v = take(key) else { return nil }
        guard let s = v.string else {
            throw ValidationError(
                field: path(key), problem: "expected a string, got \(v.kindName)", fix: "write \"\(key)\": \"…\"")
        }
        return s
    }

    /// A required integer within `range`.
    mutating func requiredInteger(_ key: StaticString, in range: ClosedRange<Int64>) throws(ValidationError) -> Int64 {
        guard let v = take(key) else {
            throw ValidationError(field: path(key), problem: "required field is missing", fix: "add \"\(key)\": 0")
        }
        guard case .integer(let i) = v.jsonValue else {
            throw ValidationError(
                field: path(key), problem: "expected an integer, got \(v.kindName)", fix: "write \"\(key)\": 123")
        }
        guard range.contains(i) else {
            throw ValidationError(
                field: path(key), value: String(i), problem: "out of range",
                fix: "give a value from \(range.lowerBound) to \(range.upperBound)")
        }
        return i
    }

    mutating func requiredString(_ key: StaticString) throws(ValidationError) -> String {
        guard let s = try optionalString(key) else {
            throw ValidationError(field: path(key), problem: "required field is missing", fix: "add \"\(key)\"")
        }
        return s
    }

    mutating func optionalText(_ key: StaticString, limit: Int, multiline: Bool) throws(ValidationError) -> String? {
        guard let s = try optionalString(key) else { return nil }
        try Self.checkText(s, field: path(key), limit: limit, multiline: multiline)
        return s
    }

    mutating func requiredText(_ key: StaticString, limit: Int, multiline: Bool) throws(ValidationError) -> String {
        let s = try requiredString(key)
        try Self.checkText(s, field: path(key), limit: limit, multiline: multiline)
        return s
    }

    /// The element itself as text (arrays of strings).
    func text(limit: Int, multiline: Bool) throws(ValidationError) -> String {
        guard let s = element?.string else {
            throw ValidationError(
                field: pathPrefix, problem: "expected a string, got \(element?.kindName ?? "nothing")",
                fix: "write a string")
        }
        try Self.checkText(s, field: pathPrefix, limit: limit, multiline: multiline)
        return s
    }

    func entityID() throws(ValidationError) -> String {
        let s = try text(limit: Limits.identifierBytes, multiline: false)
        try Self.checkEntityID(s, field: pathPrefix)
        return s
    }

    static func checkText(_ s: String, field: @autoclosure () -> String, limit: Int, multiline: Bool)
        throws(ValidationError)
    {
        // Fastest path, a word at a time: ASCII, no control character, not all spaces, short enough.
        if s.utf8.count <= limit, TextRules.isPlainText(s) { return }
        // Fast path for ASCII text: one pass over the bytes.
        var ascii = true
        var blank = true
        var control: UInt8?
        for b in s.utf8 {
            if b >= 0x80 {
                ascii = false
                break
            }
            if b != 0x20 && b != 0x0A && b != 0x09 && b != 0x0D { blank = false }
            if (b < 0x20 || b == 0x7F) && control == nil && !(multiline && (b == 0x0A || b == 0x09)) { control = b }
        }
        if ascii && control == nil && !blank && s.utf8.count <= limit { return }
        if s.allSatisfy(\.isWhitespace) {
            throw ValidationError(
                field: field(), value: s, problem: "is empty",
                fix: "write some text, or leave the field out if it is optional")
        }
        var count = 0
        for u in s.unicodeScalars {
            count += 1
            let v = u.value
            if v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 || (v >= 0x202A && v <= 0x202E)
                || (v >= 0x2066 && v <= 0x2069)
            {
                if multiline && (v == 0x0A || v == 0x09) { continue }
                throw ValidationError(
                    field: field(), value: s,
                    problem: "contains the control character U+\(String(v, radix: 16, uppercase: true))",
                    fix: multiline
                        ? "remove control characters (newlines and tabs are allowed here)"
                        : "remove control characters; this field is a single line")
            }
        }
        if count > limit {
            throw ValidationError(
                field: field(), value: s, problem: "is \(count) characters long; the limit is \(limit)",
                fix: "shorten it (quote the essential words; link the rest)")
        }
    }

    static func checkEntityID(_ s: String, field: @autoclosure () -> String) throws(ValidationError) {
        if Identifiers.entityKind(s) == nil {
            throw ValidationError(
                field: field(), value: s, problem: "not an entity id",
                fix:
                    "write KIND:slug with KIND one of \(Identifiers.entityKinds.joined(separator: ", ")) and a "
                    + "lowercase slug, e.g. org:deepseek or gov:us/bis"
            )
        }
    }

    mutating func requiredEntityID(_ key: StaticString) throws(ValidationError) -> String {
        let s = try requiredString(key)
        try Self.checkEntityID(s, field: path(key))
        return s
    }

    mutating func requiredPrefixedID(_ key: StaticString, prefix: String) throws(ValidationError) -> String {
        let s = try requiredString(key)
        if !Identifiers.isPrefixed(s, prefix) {
            throw ValidationError(
                field: path(key), value: s, problem: "not a \(prefix) id",
                fix:
                    "write \(prefix):slug with a lowercase slug of letters, digits and - . _ /, e.g. "
                    + "\(prefix):deepseek-distilled-claude"
            )
        }
        return s
    }

    mutating func requiredEnum<E: RawRepresentable & CaseIterable>(_ key: StaticString, _: E.Type)
        throws(ValidationError)
        -> E where E.RawValue == String
    {
        let s = try requiredString(key)
        guard let e = E(rawValue: s) else {
            throw ValidationError(
                field: path(key), value: s, problem: "not a known value",
                fix: Suggestions.oneOf(s, E.allCases.map(\.rawValue)))
        }
        return e
    }

    mutating func optionalDate(_ key: StaticString) throws(ValidationError) -> PartialDate? {
        guard let s = try optionalString(key) else { return nil }
        do {
            return try PartialDate.parse(s)
        } catch {
            throw ValidationError(
                field: path(key), value: s, problem: error.message,
                fix: "write a real date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
    }

    mutating func requiredDate(_ key: StaticString) throws(ValidationError) -> PartialDate {
        guard let d = try optionalDate(key) else {
            throw ValidationError(
                field: path(key), problem: "required field is missing",
                fix: "add \"\(key)\": \"YYYY-MM-DD\" (or YYYY, YYYY-MM, or a UTC timestamp)")
        }
        return d
    }

    mutating func optionalArray<T>(
        _ key: StaticString, limit: Int, _ each: (inout FieldReader) throws(ValidationError) -> T
    )
        throws(ValidationError) -> [T]
    {
        guard let v = take(key) else { return [] }
        guard let items = v.items else {
            throw ValidationError(
                field: path(key), problem: "expected an array, got \(v.kindName)", fix: "write \"\(key)\": [ … ]")
        }
        if items.count > limit {
            throw ValidationError(
                field: path(key), problem: "has \(items.count) entries; the limit is \(limit)",
                fix: "split the event or trim the list")
        }
        var out: [T] = []
        out.reserveCapacity(items.count)
        let list = at.appending(key)
        for (i, item) in items.enumerated() {
            var reader: FieldReader
            if let o = item.object {
                reader = FieldReader(object: o, at: list.element(i))
            } else {
                reader = FieldReader(element: item, at: list.element(i))
            }
            out.append(try each(&reader))
            if reader.element == nil { try reader.finish() }
        }
        return out
    }

    mutating func requiredObject<T>(_ key: StaticString, _ body: (inout FieldReader) throws(ValidationError) -> T)
        throws(ValidationError) -> T
    {
        guard let v = take(key) else {
            throw ValidationError(
                field: path(key), problem: "required field is missing",
                fix: "add \"\(key)\": { … } (see README, event types)")
        }
        guard let o = v.object else {
            throw ValidationError(
                field: path(key), problem: "expected an object, got \(v.kindName)", fix: "write \"\(key)\": { … }")
        }
        var reader = FieldReader(object: o, at: at.appending(key))
        let result = try body(&reader)
        try reader.finish()
        return result
    }
}

extension FieldReader {
    /// Reads the required object at `key` as an event part.
    mutating func requiredPart<P: EventPart>(_ key: StaticString, _ part: P.Type, in type: EventType)
        throws(ValidationError) -> P
    {
        try requiredObject(key) { (f: inout FieldReader) throws(ValidationError) in try P.decode(&f, in: type) }
    }

    /// Reads the optional array at `key` as event parts (empty when absent).
    mutating func optionalParts<P: EventPart>(_ key: StaticString, _ part: P.Type, limit: Int, in type: EventType)
        throws(ValidationError) -> [P]
    {
        try optionalArray(key, limit: limit) { (f: inout FieldReader) throws(ValidationError) in
            try P.decode(&f, in: type)
        }
    }
}
