import AnnalsCore
import AnnalsStore
import Foundation

/// git could not give what a command needs.
public struct GitError: AnnalsFailure {
    public var message: String
    public var description: String { "git: \(message)" }
    public var status: ExitStatus { .badInput }
}
