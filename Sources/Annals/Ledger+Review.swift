import AnnalsAdapters
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem
import Foundation

extension Ledger {
    /// Reads `Events/` at two git revisions of the repository holding this ledger, checks that
    /// `base` is an exact prefix of `head`, verifies the new records, and diffs the two states.
    public func review(base: String, head: String) throws -> ReviewReport {
        try review(base: base, head: head, repository: try GitRepository(holding: layout))
    }

    /// ``review(base:head:)`` with the two revisions read from `repository`.
    public func review(base: String, head: String, repository: any LedgerRepository) throws -> ReviewReport {
        try Review(repository: repository, base: base, head: head, options: options).run()
    }
}
