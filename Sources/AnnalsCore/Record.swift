/// An event as it stands in the log: its substance plus its place in the hash chain and its
/// transaction time.
public struct Record: Sendable, Equatable {
    public var seq: Int64
    /// The `hash` of the record before, or ``Digest/genesis`` for seq 1.
    public var prev: String
    /// SHA-256 of this record's canonical JSON without the `hash` field.
    public var hash: String
    /// Content address of ``event`` alone: the same event always gets the same id.
    public var id: String
    /// When the ledger learned of the event (transaction time).
    public var recorded: Timestamp
    public var recorder: String
    public var event: Event

    /// The record as one canonical JSON object.
    public var json: JSONValue {
        guard case .object(var o) = event.json else { fatalError("an event encodes as an object") }
        o["seq"] = .integer(seq)
        o["prev"] = .string(prev)
        o["hash"] = .string(hash)
        o["id"] = .string(id)
        o["recorded"] = .string(recorded.description)
        o["recorder"] = .string(recorder)
        return .object(o)
    }
}
