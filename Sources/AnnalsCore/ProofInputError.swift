import AnnalsCore

/// A failure reading a file given on the command line (a checkpoint, a proof, a key), naming
/// the file; its exit status is the underlying failure's.
public struct ProofInputError: AnnalsFailure {
    public var path: String
    public var underlying: any AnnalsFailure

    public init(path: String, underlying: any AnnalsFailure) {
        self.path = path
        self.underlying = underlying
    }

    public var description: String { "\(path): \(underlying.description)" }
    public var status: ExitStatus { underlying.status }
}
