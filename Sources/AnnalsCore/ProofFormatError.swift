/// A proof that is not well-formed: the field at fault and what is wrong (status 65).
public struct ProofFormatError: AnnalsFailure, Equatable {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "the proof is malformed" + (field.isEmpty ? "" : " at \"\(field)\"") + ": \(problem). Fix: use the JSON "
            + "that 'annals prove --format json' prints, unchanged"
    }

    public var status: ExitStatus { .badInput }
}
