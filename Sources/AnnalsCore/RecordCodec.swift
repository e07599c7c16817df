/// Canonical bytes and hashes of records: how an event is sealed into the chain and how a
/// logged line is checked.
public enum RecordCodec {
    /// The content-addressed id of an event: `ev_` and the first 128 bits of the SHA-256 of its
    /// canonical JSON. Independent of seq, prev, recorded and recorder.
    public static func eventID(_ event: Event) -> String {
        eventID(canonical: event.canonicalBytes)
    }

    /// The id for an event's canonical bytes.
    public static func eventID(canonical: [UInt8]) -> String {
        "ev_" + Digest.sha256Hex(canonical).prefix(32)
    }

    /// Seals `event` as record `seq` after `prev`, returning the record and its log line
    /// (canonical JSON, no trailing newline).
    public static func seal(_ event: Event, id: String, seq: Int64, prev: String, recorded: Timestamp, recorder: String)
        -> (Record, [UInt8])
    {
        let seal = Event.Seal(seq: seq, prev: prev, hash: nil, id: id, recorded: recorded, recorder: recorder)
        var w = CanonicalWriter(capacity: 1024)
        event.write(into: &w, seal: seal)
        let hash = Digest.sha256Hex(w.bytes)
        // The line is the hashed bytes with `"hash":"…",` spliced in before `"id"`, which is
        // exactly where canonical key order puts it (hash < id, and no key sorts between).
        let at = w.hashPosition!
        var line: [UInt8] = []
        line.reserveCapacity(w.bytes.count + 76)
        line.append(contentsOf: w.bytes[..<at])
        line.append(contentsOf: #""hash":""#.utf8)
        line.append(contentsOf: hash.utf8)
        line.append(contentsOf: #"","#.utf8)
        line.append(contentsOf: w.bytes[at...])
        let record = Record(
            seq: seq, prev: prev, hash: hash, id: id, recorded: recorded, recorder: recorder, event: event)
        return (record, line)
    }

    static func bytes(_ event: Event, _ seal: Event.Seal) -> [UInt8] {
        var w = CanonicalWriter(capacity: 1024)
        event.write(into: &w, seal: seal)
        return w.bytes
    }

    /// What is wrong with a logged line.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notJSON(String)
        case notCanonical
        case badField(String)
        case invalidEvent(ValidationError)
        case hashMismatch(stored: String, computed: String)
        case idMismatch(stored: String, computed: String)

        public var description: String {
            switch self {
            case .notJSON(let m): "not valid JSON (\(m))"
            case .notCanonical: "not in canonical form (bytes were changed: whitespace, key order or escaping)"
            case .badField(let m): m
            case .invalidEvent(let e): "the event is not valid: \(e)"
            case .hashMismatch(let s, let c):
                "hash mismatch: the record says \(s.prefix(12))…, its content hashes to \(c.prefix(12))… "
                    + "(the record was altered)"
            case .idMismatch(let s, let c):
                "id mismatch: the record says \(s), its content gives \(c) (the event was altered)"
            }
        }
    }

    /// Parses and fully checks one logged line (without its newline): canonical bytes, field
    /// shapes, the event's validity, its id and its hash. Chain links are checked by the caller.
    /// With `vouched` (the bytes are known to be ones that were fully checked before), the
    /// canonical re-encoding, the id and the hash are not computed again: the line is still
    /// parsed strictly, its seal fields' shapes and the event's validity checked.
    public static func decode(_ line: ArraySlice<UInt8>, vouched: Bool = false) throws(Problem) -> Record {
        try decode(line, vouched: vouched, fast: true)
    }

    /// `decode`, with the fast path or (for tests that compare the two) without it.
    static func decode(_ line: ArraySlice<UInt8>, vouched: Bool, fast: Bool) throws(Problem) -> Record {
        // The fast path reads the line in place; it gives up (nil) on anything it cannot vouch
        // for, and the usual parse then finds the problem, with the same words.
        let read: (SealFields, Event)
        if fast, let quick = readFast(line) { read = quick } else { read = try readSlow(line) }
        let ((seq, prev, hash, id, recorded, recordedText, recorder), event) = read
        if vouched {
            return Record(
                seq: seq, prev: prev, hash: hash, id: id, recorded: recorded, recorder: recorder, event: event)
        }
        let seal = Event.Seal(seq: seq, prev: prev, hash: hash, id: id, recordedText: recordedText, recorder: recorder)
        // Re-encoding must give back the very bytes: any change to whitespace, order, escaping
        // or a value that decoding normalises shows up here.
        var w = CanonicalWriter(capacity: line.count + 1)
        event.write(into: &w, seal: seal)
        guard w.bytes.withUnsafeBytes({ a in line.withUnsafeBytes { ByteScan.equal(a, $0) } }) else {
            throw .notCanonical
        }
        // So the line is the canonical record: the event's canonical bytes (what the id
        // addresses) are the line without its seal members, and the hashed bytes are the line
        // without its `"hash":"…",` member. Both are hashed in place.
        let computedID = "ev_" + Digest.sha256Hex(w.bytes, cutting: w.sealRanges).prefix(32)
        assert(computedID == eventID(event), "the seal ranges must leave the event's canonical bytes")
        guard computedID == id else { throw .idMismatch(stored: id, computed: computedID) }
        let computed = Digest.sha256Hex(w.bytes, cutting: [w.sealRanges[0].lowerBound..<w.hashPosition!])
        assert(computed == Digest.sha256Hex(bytes(event, withoutHash(seal))), "the hash member must be cut exactly")
        guard computed == hash else { throw .hashMismatch(stored: hash, computed: computed) }
        return Record(seq: seq, prev: prev, hash: hash, id: id, recorded: recorded, recorder: recorder, event: event)
    }

    /// A record's seal fields, as read from its line.
    typealias SealFields = (
        seq: Int64, prev: String, hash: String, id: String, recorded: Timestamp, recordedText: String,
        recorder: String
    )

    /// Parses a line into a tree, and checks its seal fields' shapes and the event's validity.
    static func readSlow(_ line: ArraySlice<UInt8>) throws(Problem) -> (SealFields, Event) {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { throw .notJSON(error.message + " at byte \(error.offset)") }
        guard case .object(var o) = value else { throw .badField("a record must be a JSON object") }
        guard let seq = o.removeValue(forKey: "seq")?.integerValue, seq >= 1 else {
            throw .badField("'seq' is missing or not a positive integer")
        }
        guard let prev = o.removeValue(forKey: "prev")?.stringValue, Digest.isHex64(prev) else {
            throw .badField("'prev' is missing or not 64 hex digits")
        }
        guard let hash = o.removeValue(forKey: "hash")?.stringValue, Digest.isHex64(hash) else {
            throw .badField("'hash' is missing or not 64 hex digits")
        }
        guard let id = o.removeValue(forKey: "id")?.stringValue, Identifiers.isEventID(id) else {
            throw .badField("'id' is missing or not an event id")
        }
        guard let recordedText = o.removeValue(forKey: "recorded")?.stringValue,
            let recorded = try? Timestamp.parse(recordedText), recorded.description == recordedText
        else { throw .badField("'recorded' is missing or not a UTC timestamp YYYY-MM-DDTHH:MM:SSZ") }
        guard let recorder = o.removeValue(forKey: "recorder")?.stringValue, !recorder.isEmpty else {
            throw .badField("'recorder' is missing")
        }
        let event: Event
        do { event = try EventDecoder.decode(.object(o)) } catch { throw .invalidEvent(error) }
        return ((seq, prev, hash, id, recorded, recordedText, recorder), event)
    }

    /// The same read from a tape over the line, without a tree; nil for anything the slow
    /// path should judge (including every problem it reports).
    static func readFast(_ line: ArraySlice<UInt8>) -> (SealFields, Event)? {
        line.withUnsafeBufferPointer { buf in
            guard let tape = try? JSONTape(buf) else { return nil }
            return tape.withView { t in
                guard t.nodes[0].kind == .object else { return nil }
                var nodes = (seq: 0, prev: 0, hash: 0, id: 0, recorded: 0, recorder: 0)
                var hidden: UInt64 = 0
                var key = 1
                for position in 0..<Int(t.nodes[0].count) {
                    let value = key + 1
                    var seal = true
                    if t.keyEquals(key, "seq") {
                        nodes.seq = value
                    } else if t.keyEquals(key, "prev") {
                        nodes.prev = value
                    } else if t.keyEquals(key, "hash") {
                        nodes.hash = value
                    } else if t.keyEquals(key, "id") {
                        nodes.id = value
                    } else if t.keyEquals(key, "recorded") {
                        nodes.recorded = value
                    } else if t.keyEquals(key, "recorder") {
                        nodes.recorder = value
                    } else {
                        seal = false
                    }
                    if seal { hidden |= 1 << UInt64(position) }
                    key = t.next(value)
                }
                guard hidden.nonzeroBitCount == 6, let seq = t.integer(nodes.seq), seq >= 1,
                    let prev = t.string(nodes.prev), Digest.isHex64(prev),
                    let hash = t.string(nodes.hash), Digest.isHex64(hash),
                    let id = t.string(nodes.id), Identifiers.isEventID(id),
                    let recordedText = t.string(nodes.recorded),
                    let recorded = try? Timestamp.parse(recordedText), recorded.description == recordedText,
                    let recorder = t.string(nodes.recorder), !recorder.isEmpty,
                    let event = try? Event.decode(FieldObject.tape(t, 0, hidden: hidden))
                else { return nil }
                return ((seq, prev, hash, id, recorded, recordedText, recorder), event)
            }
        }
    }

    private static func withoutHash(_ seal: Event.Seal) -> Event.Seal {
        var seal = seal
        seal.hash = nil
        return seal
    }

    /// Reads just `seq`, `hash` and `recorded` of a line that is trusted to be well formed
    /// (the tail of the log, on the append path).
    public static func peek(_ line: ArraySlice<UInt8>) throws(Problem) -> (
        seq: Int64, hash: String, recorded: Timestamp
    ) {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { throw .notJSON(error.message + " at byte \(error.offset)") }
        guard let seq = value["seq"]?.integerValue, let hash = value["hash"]?.stringValue, Digest.isHex64(hash),
            let r = value["recorded"]?.stringValue, let recorded = try? Timestamp.parse(r)
        else { throw .badField("the record lacks seq, hash or recorded") }
        return (seq, hash, recorded)
    }
}
