import Foundation

/// A folder path under the temporary directory, unique to one test, removed (with what it holds) when the value
/// goes away. The folder itself is not created: a ledger is created there, or the test makes it.
public final class ScratchFolder {
    public let url: URL
    /// Set to leave the folder on disk after the test (to reproduce a failure with the CLI).
    public var keep = false

    /// `prefix` names the folder's owner in the temporary directory, e.g. "annals-store".
    public init(_ prefix: String = "annals-scratch") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(prefix + "-" + UUID().uuidString)
    }

    deinit {
        if !keep {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
