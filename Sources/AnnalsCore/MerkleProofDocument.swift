/// Either kind of proof, told apart by its fields.
public enum MerkleProofDocument: Sendable, Equatable {
    case inclusion(InclusionProof)
    case consistency(ConsistencyProof)

    /// Parses a proof file's bytes (one JSON object).
    public init(bytes: [UInt8]) throws(ProofFormatError) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes[...]) } catch {
            throw ProofFormatError(field: "", problem: "it is not JSON (\(error.message) at byte \(error.offset))")
        }
        if value["index"] != nil {
            self = .inclusion(try InclusionProof(json: value))
        } else if value["old_size"] != nil {
            self = .consistency(try ConsistencyProof(json: value))
        } else {
            throw ProofFormatError(
                field: "",
                problem: "it has neither \"index\" (an inclusion proof) nor \"old_size\" (a consistency proof)")
        }
    }
}
