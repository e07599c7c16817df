import AnnalsCore

public enum SnapshotError: Error, Sendable, CustomStringConvertible, AnnalsFailure {
    case badName(String, reason: String)
    case notFound(String)
    case exists(String)
    case notASnapshot(reason: String)
    case damaged(name: String, reason: String)

    public var description: String {
        switch self {
        case .badName(let n, let r):
            "invalid snapshot name \(ValidationError.shorten(n)): \(r). Fix: use letters, digits, '.', '-' and '_' "
                + "only, e.g. 2025-12-31"
        case .notFound(let n): "no snapshot \(n) in Snapshots/. Fix: see 'annals snapshot list'"
        case .exists(let n): "snapshot \(n) exists already. Fix: choose another --name, or pass --force to replace it"
        case .notASnapshot(let r): "not an Annals snapshot: \(r)"
        case .damaged(let n, let r):
            n.contains("/")
                ? "\(n) is not a usable Annals snapshot: \(r). Fix: give a snapshot that 'annals snapshot create' "
                    + "wrote "
                    + "(a name from 'annals snapshot list', or the path of its .jsonl.gz file)"
                : "snapshot \(n) is damaged: \(r). Fix: delete it and run 'annals snapshot create' again"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .badName: .badInput
        case .notFound: .noInput
        case .exists: .cannotWrite
        case .notASnapshot, .damaged: .verificationFailed
        }
    }
}
