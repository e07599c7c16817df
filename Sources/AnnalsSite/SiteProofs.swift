import AnnalsCore

/// What the page embeds so a reader can check each event against the ledger's newest saved
/// checkpoint: the checkpoint file's text as published (signature lines included), the verifier
/// keys known to have signed it, and each event's inclusion proof in the tree of the
/// checkpoint's size, as the canonical JSON `annals prove --format json` prints (so the page can
/// hand it out byte for byte as `proof.json` for `annals check-proof`).
public struct SiteProofs: Sendable {
    /// The checkpoint's file name, e.g. `00000093.checkpoint`.
    public var file: String
    /// The checkpoint file's text, verbatim.
    public var note: String
    /// Verifier keys (`name+id+base64`) whose signatures on the note were checked when the page was written.
    public var keys: [String]
    /// Each proof's canonical JSON text (without a newline), by the record's seq.
    public var proofs: [Int64: String] = [:]

    public init(file: String, note: String, keys: [String]) {
        self.file = file
        self.note = note
        self.keys = keys
    }

    /// Adds the inclusion proof of one record (its JSON form, the record's line included).
    public mutating func add(_ proof: InclusionProof) {
        proofs[proof.index + 1] = String(decoding: CanonicalJSON.encode(proof.json), as: UTF8.self)
    }

    /// The page's `proofs` value: the checkpoint note, the keys, and the proofs by seq (as strings).
    var json: JSONValue {
        var bySeq = JSONObject()
        for (seq, text) in proofs { bySeq[String(seq)] = .string(text) }
        return .object([
            "file": .string(file), "note": .string(note), "keys": .array(keys.map { .string($0) }),
            "by_seq": .object(bySeq),
        ])
    }
}

extension SiteData {
    /// Embeds `proofs` in the page (nil: the ledger has no saved checkpoint, and the page says so).
    public mutating func attach(_ proofs: SiteProofs?) {
        guard case .object(var o) = json else { return }
        o["proofs"] = proofs?.json ?? .null
        json = .object(o)
    }
}
