/// Where a ``FieldReader`` stands, as `amends.set.sources[1]`: kept as parts and spelled out
/// only for an error message, so reading a valid event builds no path strings.
struct FieldPath {
    /// Up to ``capacity`` keys, each with the index of an array element under it (or -1).
    private var keys: (StaticString, StaticString, StaticString, StaticString) = ("", "", "", "")
    private var indices: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
    private var depth = 0
    /// Events nest three keys deep at most (`amends.set.sources[i]`).
    private static let capacity = 4

    static let root = FieldPath()

    /// The path of the member `key` under this one.
    func appending(_ key: StaticString) -> FieldPath {
        precondition(depth < Self.capacity, "field paths are at most \(Self.capacity) keys deep")
        var p = self
        withUnsafeMutablePointer(to: &p.keys) {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: StaticString.self)[depth] = key
        }
        p.depth += 1
        return p
    }

    /// The path of element `index` of the array this path names.
    func element(_ index: Int) -> FieldPath {
        var p = self
        withUnsafeMutablePointer(to: &p.indices) {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: Int32.self)[depth - 1] = Int32(index)
        }
        return p
    }

    var isEmpty: Bool { depth == 0 }

    /// The path written out: keys joined by dots, element indices in brackets.
    var description: String {
        var out = ""
        var keys = keys
        var indices = indices
        withUnsafePointer(to: &keys) { k in
            withUnsafePointer(to: &indices) { ix in
                let keys = UnsafeRawPointer(k).assumingMemoryBound(to: StaticString.self)
                let indices = UnsafeRawPointer(ix).assumingMemoryBound(to: Int32.self)
                for i in 0..<depth {
                    if i > 0 { out += "." }
                    out += keys[i].description
                    if indices[i] >= 0 { out += "[\(indices[i])]" }
                }
            }
        }
        return out
    }
}

/// The keys a ``FieldReader`` asked for, in order, for the "allowed here" hint when it finds
/// a field it did not read. Held inline: readers ask for a dozen keys at most.
struct AskedKeys {
    private var storage:
        (
            StaticString, StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
            StaticString, StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
            StaticString, StaticString
        ) = ("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "")
    private var count = 0
    /// Keys past the inline ones (no reader of an event asks for so many).
    private var more: [StaticString] = []

    mutating func append(_ key: StaticString) {
        if count < 16 {
            withUnsafeMutablePointer(to: &storage) {
                UnsafeMutableRawPointer($0).assumingMemoryBound(to: StaticString.self)[count] = key
            }
            count += 1
        } else {
            more.append(key)
        }
    }

    var all: [String] {
        var storage = storage
        return withUnsafePointer(to: &storage) { s in
            let keys = UnsafeRawPointer(s).assumingMemoryBound(to: StaticString.self)
            return (0..<count).map { keys[$0].description }
        } + more.map(\.description)
    }
}
