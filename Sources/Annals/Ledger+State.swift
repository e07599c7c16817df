import AnnalsCore
import AnnalsProjection
import AnnalsStore

extension Ledger {
    /// The state `reader` shows, read at `moment`: what every export and JSON output is stamped with.
    public func state(of reader: Reader, moment: Moment) throws -> LedgerState {
        let (seq, head) = try Snapshots.position(of: reader)
        let origin = try LedgerConfig.load(layout)?.origin
        return LedgerState(origin: origin, seq: seq, head: head, asOf: moment.asOf, knownAt: moment.knownAt)
    }
}
