/// A JSON value as ``FieldReader`` reads it: in a parsed tree, or on a ``JSONTape`` over the input.
///
/// Both give the same answers, so the checks an event goes through are written once.
enum FieldValue {
    case tree(JSONValue)
    case tape(JSONTape.View, Int)

    var isNull: Bool {
        switch self {
        case .tree(let v): if case .null = v { true } else { false }
        case .tape(let t, let k): t.nodes[k].kind == .null
        }
    }

    var string: String? {
        switch self {
        case .tree(let v): v.stringValue
        case .tape(let t, let k): t.string(k)
        }
    }

    var kindName: String {
        switch self {
        case .tree(let v): v.kindName
        case .tape(let t, let k): t.jsonValue(k).kindName
        }
    }

    var object: FieldObject? {
        switch self {
        case .tree(let v): v.objectValue.map { .tree($0) }
        case .tape(let t, let k): t.nodes[k].kind == .object ? .tape(t, k, hidden: 0) : nil
        }
    }

    /// The value as a tree.
    var jsonValue: JSONValue {
        switch self {
        case .tree(let v): v
        case .tape(let t, let k): t.jsonValue(k)
        }
    }

    var items: FieldItems? {
        switch self {
        case .tree(let v):
            guard case .array(let items) = v else { return nil }
            return FieldItems(base: .tree(items), count: items.count)
        case .tape(let t, let k):
            guard t.nodes[k].kind == .array else { return nil }
            return FieldItems(base: .tape(t, k + 1), count: Int(t.nodes[k].count))
        }
    }
}

/// The items of a JSON array, as ``FieldValue``s.
struct FieldItems: Sequence {
    enum Base {
        case tree([JSONValue])
        /// The tape and the node of the first item.
        case tape(JSONTape.View, Int)
    }

    let base: Base
    let count: Int

    struct Iterator: IteratorProtocol {
        let base: Base
        let count: Int
        var index = 0
        var node = 0

        mutating func next() -> FieldValue? {
            guard index < count else { return nil }
            defer { index += 1 }
            switch base {
            case .tree(let items): return .tree(items[index])
            case .tape(let t, let first):
                if index == 0 { node = first } else { node = t.next(node) }
                return .tape(t, node)
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(base: base, count: count) }
}

/// A JSON object as ``FieldReader`` reads it. A tape object may hide some members (a record's
/// seal fields), which are then as absent as in a tree object they were removed from.
enum FieldObject {
    case tree(JSONObject)
    case tape(JSONTape.View, Int, hidden: UInt64)

    /// The number of (visible) members.
    var count: Int {
        switch self {
        case .tree(let o): o.count
        case .tape(let t, let k, let hidden): Int(t.nodes[k].count) - hidden.nonzeroBitCount
        }
    }

    /// The position among the members, and the value, of the member named `key`.
    func member(_ key: StaticString) -> (index: Int, value: FieldValue)? {
        switch self {
        case .tree(let o):
            let k = key.description
            guard let i = o.members.firstIndex(where: { $0.key == k }) else { return nil }
            return (i, .tree(o.members[i].value))
        case .tape(let t, let object, let hidden):
            var node = object + 1
            var visible = 0
            for position in 0..<Int(t.nodes[object].count) {
                if hidden & (1 << UInt64(position)) == 0 {
                    if t.keyEquals(node, key) { return (visible, .tape(t, node + 1)) }
                    visible += 1
                }
                node = t.next(node + 1)
            }
            return nil
        }
    }

    /// Whether every member's key is one of `allowed` (or `extra`), compared byte for byte:
    /// the event's field names are lowercase ASCII, which no other spelling equals.
    func keys(allIn allowed: [StaticString], or extra: StaticString?) -> Bool {
        switch self {
        case .tree(let o):
            return o.members.allSatisfy { m in
                var key = m.key
                return key.withUTF8 { k in
                    allowed.contains { Self.equal(k, $0) } || extra.map { Self.equal(k, $0) } == true
                }
            }
        case .tape(let t, let object, let hidden):
            var node = object + 1
            for position in 0..<Int(t.nodes[object].count) {
                if hidden & (1 << UInt64(position)) == 0 {
                    guard
                        allowed.contains(where: { t.keyEquals(node, $0) })
                            || extra.map({ t.keyEquals(node, $0) }) == true
                    else { return false }
                }
                node = t.next(node + 1)
            }
            return true
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ key: StaticString) -> Bool {
        bytes.count == key.utf8CodeUnitCount
            && bytes.elementsEqual(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }

    /// The (visible) members' keys in order (error paths).
    var keys: [String] {
        switch self {
        case .tree(let o): return o.keys
        case .tape(let t, let object, let hidden):
            var keys: [String] = []
            var node = object + 1
            for position in 0..<Int(t.nodes[object].count) {
                if hidden & (1 << UInt64(position)) == 0 { keys.append(t.string(node) ?? "") }
                node = t.next(node + 1)
            }
            return keys
        }
    }
}
