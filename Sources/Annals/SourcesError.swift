import AnnalsCore

/// A `sources` command that cannot run as asked.
public struct SourcesError: AnnalsFailure {
    public var problem: String
    public var fix: String
    public var status: ExitStatus = .badInput
    public var description: String { problem + ". Fix: " + fix }
}
