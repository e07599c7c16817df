import AnnalsCore

/// A record that was asked for and is not there.
public struct LookupError: AnnalsFailure {
    public var what: String
    public var fix: String
    public var description: String { "no such event: \(what). Fix: \(fix)" }
    public var status: ExitStatus { .badInput }
}
