/// Exit statuses of the `annals` command, documented in the README (sysexits-style).
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    /// `verify` found a damaged log or snapshot, or the log has a torn last line.
    case verificationFailed = 1
    /// Command-line usage error (unknown option, missing argument).
    case usage = 64
    /// The input was refused: invalid JSON, unknown field, bad date, unknown entity…
    case badInput = 65
    /// No ledger here, or an input file that cannot be opened.
    case noInput = 66
    /// An internal error: a bug; please report it.
    case software = 70
    /// A file could not be created or written.
    case cannotWrite = 73
    /// A file could not be read.
    case ioError = 74
    /// Another process holds the ledger lock; retry later.
    case busy = 75
}

/// An error the CLI can report with a documented exit status.
public protocol AnnalsFailure: Error, CustomStringConvertible {
    var status: ExitStatus { get }
}

extension ValidationError: AnnalsFailure {
    public var status: ExitStatus { .badInput }
}
