/// The state of the ledger a result was computed from, so that a figure cited in an article can
/// be reproduced exactly: `annals <command> --known-at-seq SEQ [--as-of DATE]` on a clone whose
/// record at `seq` has chain hash `head` gives the same answer.
public struct LedgerState: Sendable, Equatable {
    /// The ledger's origin (`ledger.json`), e.g. `annals.example/ai-chips`; nil for a ledger without one.
    public var origin: String?
    /// The last record included (0: none).
    public var seq: Int64
    /// The chain hash of the record at `seq` (the genesis hash for an empty log).
    public var head: String
    /// Valid time: events that occurred after this date were left out.
    public var asOf: PartialDate?
    /// Transaction time asked for: only what had been recorded by then (`seq` is the last such record).
    public var knownAt: Timestamp?

    public init(origin: String?, seq: Int64, head: String, asOf: PartialDate? = nil, knownAt: Timestamp? = nil) {
        self.origin = origin
        self.seq = seq
        self.head = head
        self.asOf = asOf
        self.knownAt = knownAt
    }

    /// `{"origin","seq","head","as_of","known_at"}`, a field without a value left out.
    public var json: JSONValue {
        var o = JSONObject()
        if let origin { o["origin"] = .string(origin) }
        o["seq"] = .integer(seq)
        o["head"] = .string(head)
        if let asOf { o["as_of"] = .string(asOf.description) }
        if let knownAt { o["known_at"] = .string(knownAt.description) }
        return .object(o)
    }

    /// The options that select this state again: `--known-at-seq SEQ`, and `--as-of DATE` if one was given.
    public var reproducingOptions: String {
        "--known-at-seq \(seq)" + (asOf.map { " --as-of \($0.description)" } ?? "")
    }
}
