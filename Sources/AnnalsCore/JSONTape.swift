/// A JSON text checked and indexed where it lies: one flat node per value, over the input
/// bytes, with no tree and no `String` per key. The fast path of reading events and records.
///
/// It accepts only what ``JSONParser`` accepts, and gives the same values; it refuses some
/// valid texts too (keys with escapes or non-ASCII characters), so a refusal says only "use
/// the parser", which then gives the verdict and the exact error.
struct JSONTape {
    enum Kind: UInt8 {
        case null, bool, integer, array, object
        /// An ASCII string without escapes, read from the input bytes.
        case string
        /// A string with escapes or non-ASCII characters, decoded by the parser into ``strings``.
        case decodedString
    }

    struct Node {
        var kind: Kind
        /// A boolean's value.
        var flag: Bool
        /// Members of an object, items of an array.
        var count: Int32
        /// Strings and integers: the first byte of their text; decoded strings: their index in ``strings``.
        var start: Int32
        /// Strings and integers: the byte after their text; arrays and objects: the node after their last.
        var end: Int32
    }

    /// Why the tape was not built: the text is not JSON, or not of the plain kind the tape handles.
    struct Refused: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var nodes: [Node] = []
    private(set) var strings: [String] = []

    /// Indexes `bytes`, which must hold one JSON value (surrounding whitespace allowed).
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws(Refused) {
        self.bytes = bytes
        guard bytes.count < Int32.max else { throw Refused() }
        nodes.reserveCapacity(bytes.count / 16 + 8)
        var i = skipWhitespace(0)
        try value(&i, depth: 0)
        guard skipWhitespace(i) == bytes.count else { throw Refused() }
    }

    /// The node after node `k` and everything inside it.
    @inline(__always)
    func next(_ k: Int) -> Int {
        let node = nodes[k]
        return node.kind == .array || node.kind == .object ? Int(node.end) : k + 1
    }

    @inline(__always)
    private func skipWhitespace(_ from: Int) -> Int {
        var i = from
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { break }
            i += 1
        }
        return i
    }

    private mutating func value(_ i: inout Int, depth: Int) throws(Refused) {
        guard i < bytes.count else { throw Refused() }
        switch bytes[i] {
        case UInt8(ascii: "{"): try object(&i, depth: depth + 1)
        case UInt8(ascii: "["): try array(&i, depth: depth + 1)
        case UInt8(ascii: "\""): try string(&i)
        case UInt8(ascii: "t"): try literal(&i, "true", .bool, true)
        case UInt8(ascii: "f"): try literal(&i, "false", .bool, false)
        case UInt8(ascii: "n"): try literal(&i, "null", .null, false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try integer(&i)
        default: throw Refused()
        }
    }

    private mutating func literal(_ i: inout Int, _ text: StaticString, _ kind: Kind, _ flag: Bool) throws(Refused) {
        let n = text.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw Refused() }
        for j in 0..<n where bytes[i + j] != text.utf8Start[j] { throw Refused() }
        nodes.append(Node(kind: kind, flag: flag, count: 0, start: Int32(i), end: Int32(i + n)))
        i += n
    }

    /// An integer as the parser takes it: no leading zeros, no fraction or exponent, 64 bits.
    private mutating func integer(_ i: inout Int) throws(Refused) {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let digits = i
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
        guard i > digits, i - digits < 19, bytes[digits] != 0x30 || i - digits == 1 else { throw Refused() }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e") {
            throw Refused()
        }
        nodes.append(Node(kind: .integer, flag: false, count: 0, start: Int32(start), end: Int32(i)))
    }

    private mutating func string(_ i: inout Int) throws(Refused) {
        let open = i
        let (stop, nonASCII) = ByteScan.firstSpecial(bytes, from: i + 1)
        guard stop < bytes.count, bytes[stop] >= 0x20 else { throw Refused() }
        if bytes[stop] == UInt8(ascii: "\""), !nonASCII {
            nodes.append(Node(kind: .string, flag: false, count: 0, start: Int32(open + 1), end: Int32(stop)))
            i = stop + 1
            return
        }
        // Escapes or non-ASCII text: the parser's own rules decode and check it.
        var cursor = JSONParser.Cursor(bytes: bytes, index: open)
        guard let s = try? cursor.parseString() else { throw Refused() }
        nodes.append(
            Node(kind: .decodedString, flag: false, count: 0, start: Int32(strings.count), end: Int32(cursor.index)))
        strings.append(s)
        i = cursor.index
    }

    private mutating func array(_ i: inout Int, depth: Int) throws(Refused) {
        guard depth <= JSONParser.maxDepth else { throw Refused() }
        let at = nodes.count
        nodes.append(Node(kind: .array, flag: false, count: 0, start: Int32(i), end: 0))
        i = skipWhitespace(i + 1)
        var count: Int32 = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                i = skipWhitespace(i)
                try value(&i, depth: depth)
                count += 1
                i = skipWhitespace(i)
                guard i < bytes.count else { throw Refused() }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "]") else { throw Refused() }
                i += 1
                break
            }
        }
        nodes[at].count = count
        nodes[at].end = Int32(nodes.count)
    }

    private mutating func object(_ i: inout Int, depth: Int) throws(Refused) {
        guard depth <= JSONParser.maxDepth else { throw Refused() }
        let at = nodes.count
        nodes.append(Node(kind: .object, flag: false, count: 0, start: Int32(i), end: 0))
        i = skipWhitespace(i + 1)
        var count: Int32 = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                i = skipWhitespace(i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Refused() }
                let key = nodes.count
                try string(&i)
                // Plain keys only: they are equal exactly when their bytes are.
                guard nodes[key].kind == .string else { throw Refused() }
                i = skipWhitespace(i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Refused() }
                i = skipWhitespace(i + 1)
                try value(&i, depth: depth)
                guard count < JSONParser.maxMembers, !hasKey(in: at, before: key, equalTo: key) else {
                    throw Refused()
                }
                count += 1
                i = skipWhitespace(i)
                guard i < bytes.count else { throw Refused() }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "}") else { throw Refused() }
                i += 1
                break
            }
        }
        nodes[at].count = count
        nodes[at].end = Int32(nodes.count)
    }

    /// Whether a member of the object at node `object`, before the key node `limit`, has the key at node `key`.
    private func hasKey(in object: Int, before limit: Int, equalTo key: Int) -> Bool {
        var k = object + 1
        while k < limit {
            if keyEquals(k, key) { return true }
            k = next(k + 1)
        }
        return false
    }

    private func keyEquals(_ a: Int, _ b: Int) -> Bool {
        let x = nodes[a]
        let y = nodes[b]
        guard x.end - x.start == y.end - y.start else { return false }
        for j in 0..<Int(x.end - x.start) where bytes[Int(x.start) + j] != bytes[Int(y.start) + j] { return false }
        return true
    }
}

extension JSONTape {
    /// The tape as plain pointers, valid only inside ``withView(_:)``: what readers hold and
    /// copy freely, with no reference counting.
    struct View {
        let bytes: UnsafeBufferPointer<UInt8>
        let nodes: UnsafeBufferPointer<Node>
        let strings: UnsafeBufferPointer<String>

        @inline(__always)
        func next(_ k: Int) -> Int {
            let node = nodes[k]
            return node.kind == .array || node.kind == .object ? Int(node.end) : k + 1
        }

        /// The string at node `k`, or nil when it holds another kind of value.
        func string(_ k: Int) -> String? {
            let node = nodes[k]
            switch node.kind {
            case .string:
                return String(
                    decoding: UnsafeBufferPointer(rebasing: bytes[Int(node.start)..<Int(node.end)]), as: UTF8.self)
            case .decodedString: return strings[Int(node.start)]
            default: return nil
            }
        }

        /// The integer at node `k`, or nil when it holds another kind of value.
        func integer(_ k: Int) -> Int64? {
            let node = nodes[k]
            guard node.kind == .integer else { return nil }
            var i = Int(node.start)
            let negative = bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            var value: Int64 = 0
            while i < Int(node.end) {
                value = value * 10 + Int64(bytes[i] - 0x30)
                i += 1
            }
            return negative ? -value : value
        }

        /// Whether the plain key at node `k` is `key`.
        @inline(__always)
        func keyEquals(_ k: Int, _ key: StaticString) -> Bool {
            let node = nodes[k]
            let n = key.utf8CodeUnitCount
            guard Int(node.end - node.start) == n else { return false }
            let p = key.utf8Start
            let start = Int(node.start)
            for j in 0..<n where bytes[start + j] != p[j] { return false }
            return true
        }

        /// Node `k` and everything in it as a tree (tests and rare paths).
        func jsonValue(_ k: Int) -> JSONValue {
            let node = nodes[k]
            switch node.kind {
            case .null: return .null
            case .bool: return .bool(node.flag)
            case .integer: return .integer(integer(k)!)
            case .string, .decodedString: return .string(string(k)!)
            case .array:
                var items: [JSONValue] = []
                var item = k + 1
                for _ in 0..<node.count {
                    items.append(jsonValue(item))
                    item = next(item)
                }
                return .array(items)
            case .object:
                var members: [(key: String, value: JSONValue)] = []
                var key = k + 1
                for _ in 0..<node.count {
                    members.append((string(key)!, jsonValue(key + 1)))
                    key = next(key + 1)
                }
                return .object(JSONObject(uniqueMembers: members))
            }
        }

        /// Whether every string on the tape is in NFC (those read from the bytes are ASCII).
        var isNFC: Bool { strings.allSatisfy { TextRules.isNFC($0) } }
    }

    /// Calls `body` with a view of the tape.
    func withView<R, E: Error>(_ body: (View) throws(E) -> R) throws(E) -> R {
        try nodes.withUnsafeBufferPointer { (n) throws(E) -> R in
            try strings.withUnsafeBufferPointer { (s) throws(E) -> R in
                try body(View(bytes: bytes, nodes: n, strings: s))
            }
        }
    }
}
