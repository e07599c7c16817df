import AnnalsCore

extension LedgerState {
    /// The state in one sentence for people: what it is and how to compute it again.
    public func sentence(command: String) -> String {
        var text = "Ledger " + (origin.map { $0 + " " } ?? "") + "at seq \(seq) (chain head \(head))"
        if let asOf { text += ", as of \(asOf.description)" }
        if let knownAt { text += ", as known at \(knownAt.description)" }
        return text + ". Reproduce with: annals \(command) \(reproducingOptions)"
    }

    /// A URN naming the ledger (its origin, or `local` without one), the base of export ids.
    public var urn: String { "urn:annals:" + (origin ?? "local") }
}
