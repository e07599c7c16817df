import Crypto

/// A record's canonical bytes written before its place in the chain is known: the event with its
/// id, `recorded` and `recorder`, and slots for `prev` and `seq`. Sealing it splices those two and
/// the hash in and hashes once, which gives the very bytes ``RecordCodec/seal(_:id:seq:prev:recorded:recorder:)``
/// writes, without encoding the event again. Made on a worker thread, sealed on the appending one.
public struct RecordTemplate: Sendable {
    /// The hashed bytes (no `hash` member), with `prev` as 64 zeros and `seq` as `0`.
    private(set) var bytes: [UInt8]
    /// Where the `"hash":"…",` member goes (the start of the `"id"` key).
    let hashAt: Int
    /// Where the 35 characters of the id start.
    let idAt: Int
    /// Where the 64 hex digits of `prev` start.
    let prevAt: Int
    /// Where the one-digit placeholder of `seq` is.
    let seqAt: Int
    /// The seal members' byte ranges: cut out, they leave the event's canonical bytes.
    let sealRanges: [Range<Int>]
    public let recorded: Timestamp
    public let recorder: String

    /// `"hash":"` + 64 hex digits + `",`.
    static let hashMemberBytes = 74
    /// Stands for the id until it is known (ids are `ev_` and 32 hex digits).
    static let placeholderID = "ev_" + String(repeating: "0", count: 32)

    /// The template of `event`, with its id left as a placeholder until ``fill(id:)``: the
    /// event is encoded once, and its id is computed from these bytes (``eventID``).
    init(_ event: Event, recorded: Timestamp, recorder: String) {
        let seal = Event.Seal(
            seq: 0, prev: Digest.genesis, hash: nil, id: Self.placeholderID, recorded: recorded, recorder: recorder)
        var w = CanonicalWriter(capacity: 1536)
        event.write(into: &w, seal: seal)
        // The seal runs are `"id":…,`, then `"prev":"…","recorded":…,"recorder":…,`, then `"seq":0,`.
        hashAt = w.hashPosition!
        idAt = w.sealRanges[0].lowerBound + #""id":""#.utf8.count
        prevAt = w.sealRanges[1].lowerBound + #""prev":""#.utf8.count
        seqAt = w.sealRanges[2].lowerBound + #""seq":"#.utf8.count
        sealRanges = w.sealRanges
        bytes = w.bytes
        self.recorded = recorded
        self.recorder = recorder
        assert(bytes[idAt..<idAt + 35].elementsEqual(Self.placeholderID.utf8))
        assert(bytes[prevAt..<prevAt + 64].elementsEqual(Digest.genesis.utf8) && bytes[seqAt] == 0x30)
    }

    /// The template of `event` with id `id` (which must be the event's).
    public init(_ event: Event, id: String, recorded: Timestamp, recorder: String) {
        self.init(event, recorded: recorded, recorder: recorder)
        fill(id: id)
    }

    /// The size of the event's own canonical bytes (what its id addresses).
    var canonicalCount: Int { bytes.count - sealRanges.reduce(0) { $0 + $1.count } }

    /// The event's id, hashed from the template without its seal members.
    var eventID: String { "ev_" + Digest.sha256Hex(bytes, cutting: sealRanges).prefix(32) }

    /// Writes the event's id in its place.
    mutating func fill(id: String) {
        precondition(id.utf8.count == 35, "an event id is ev_ and 32 hex digits")
        bytes.replaceSubrange(idAt..<idAt + 35, with: id.utf8)
    }

    /// The record's hash and its log line (no newline) as record `seq` after `prev` (64 hex digits).
    public func seal(seq: Int64, prev: String) -> (hash: String, line: [UInt8]) {
        var line: [UInt8] = []
        line.reserveCapacity(bytes.count + Self.hashMemberBytes + 20)
        let hash = seal(seq: seq, prev: prev, appendingTo: &line)
        return (hash, line)
    }

    /// Appends the record's log line (no newline) as record `seq` after `prev` (64 hex digits) to
    /// `out`, and returns its hash: a batch can be sealed straight into its output buffer.
    public func seal(seq: Int64, prev: String, appendingTo out: inout [UInt8]) -> String {
        precondition(prev.utf8.count == 64, "a chain hash has 64 hex digits")
        let start = out.count
        let member = start + hashAt  // where `"hash":"…",` goes in `out`
        out.append(contentsOf: bytes[..<hashAt])
        out.append(contentsOf: #""hash":""#.utf8)
        out.append(contentsOf: repeatElement(0x30, count: 64))
        out.append(contentsOf: #"","#.utf8)
        out.append(contentsOf: bytes[hashAt..<prevAt])
        out.append(contentsOf: prev.utf8)
        out.append(contentsOf: bytes[prevAt + 64..<seqAt])
        CanonicalJSON.writeInteger(seq, into: &out)
        out.append(contentsOf: bytes[(seqAt + 1)...])
        // The hashed bytes are the line without its hash member; its digits are written in place.
        var hasher = SHA256()
        out.withUnsafeMutableBytes { all in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[start..<member]))
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[(member + Self.hashMemberBytes)...]))
            let digits = Self.hexDigits
            var at = member + 8
            for byte in hasher.finalize() {
                all[at] = digits[Int(byte >> 4)]
                all[at + 1] = digits[Int(byte & 0xF)]
                at += 2
            }
        }
        return String(decoding: out[(member + 8)..<(member + 72)], as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension RecordCodec {
    /// Seals a validated event as record `seq` after `prev`: from its template when it has one
    /// made with this `recorded` and `recorder`, else as ``seal(_:id:seq:prev:recorded:recorder:)``.
    /// Both give the same bytes.
    public static func seal(
        _ prepared: PreparedEvent, seq: Int64, prev: String, recorded: Timestamp, recorder: String
    ) -> (Record, [UInt8]) {
        guard let template = prepared.template, template.recorded == recorded, template.recorder == recorder,
            prev.utf8.count == 64
        else {
            return seal(prepared.event, id: prepared.id, seq: seq, prev: prev, recorded: recorded, recorder: recorder)
        }
        let (hash, line) = template.seal(seq: seq, prev: prev)
        let record = Record(
            seq: seq, prev: prev, hash: hash, id: prepared.id, recorded: recorded, recorder: recorder,
            event: prepared.event)
        return (record, line)
    }
}
