/// Writes canonical JSON straight from typed values, without building a ``JSONValue`` tree.
/// Callers write keys in canonical order; debug builds check that order as they go, and tests
/// check the result against ``CanonicalJSON``.
public struct CanonicalWriter {
    public var bytes: [UInt8] = []
    private var needsComma = false
    #if DEBUG
        /// The last key written in each open object, innermost last (debug builds only).
        private var lastKeys: [String?] = []
    #endif
    /// Where a record's `"hash"` member belongs: the start of the `"id"` key that follows it.
    public private(set) var hashPosition: Int?

    /// Notes that the next key is the one the hash member precedes.
    mutating func markHashPosition() { hashPosition = bytes.count + (needsComma ? 1 : 0) }

    /// The byte ranges of a record's seal members (`hash` and `id`; `prev`, `recorded` and
    /// `recorder`; `seq`), each with the comma after it: cut out, they leave the event's own
    /// canonical bytes. Each range is closed by the member written after it, which every record has.
    public private(set) var sealRanges: [Range<Int>] = []
    private var sealStart = 0

    /// Notes that the next member starts a run of seal members.
    mutating func beginSeal() { sealStart = bytes.count + (needsComma ? 1 : 0) }

    /// Notes that the run of seal members begun last ends here (with the next member's comma).
    mutating func endSeal() {
        if sealRanges.isEmpty { sealRanges.reserveCapacity(3) }
        sealRanges.append(sealStart..<bytes.count + 1)
    }

    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        #if DEBUG
            lastKeys.append(nil)
        #endif
    }
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
        #if DEBUG
            lastKeys.removeLast()
        #endif
    }
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"key":` (keys are plain ASCII and need no escaping).
    public mutating func key(_ key: StaticString) {
        checkOrder(key.description)
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes `"key":` for a key known only at run time.
    public mutating func key(_ key: String) {
        checkOrder(key)
        separate()
        CanonicalJSON.writeString(key, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Starts the next value afresh (after `bytes` was emptied by the caller).
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
        #if DEBUG
            lastKeys.removeAll()
        #endif
    }

    public mutating func string(_ s: String) {
        separate()
        CanonicalJSON.writeString(s, into: &bytes)
        needsComma = true
    }
    public mutating func integer(_ i: Int64) {
        separate()
        CanonicalJSON.writeInteger(i, into: &bytes)
        needsComma = true
    }

    public mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        string(value)
    }
    public mutating func field(_ key: StaticString, _ value: String?) { if let value { field(key, value) } }

    public mutating func stringArray(_ key: StaticString, _ values: [String]) {
        self.key(key)
        beginArray()
        for v in values { string(v) }
        endArray()
    }

    /// Debug builds stop at a key written out of canonical order (a bug in the caller).
    @inline(__always)
    private mutating func checkOrder(_ key: @autoclosure () -> String) {
        #if DEBUG
            guard let depth = lastKeys.indices.last else { return }
            let key = key()
            if let last = lastKeys[depth] {
                precondition(CanonicalJSON.precedes(last, key), "canonical key '\(key)' written after '\(last)'")
            }
            lastKeys[depth] = key
        #endif
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
