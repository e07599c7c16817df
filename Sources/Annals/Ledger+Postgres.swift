import AnnalsProjection
import AnnalsSystem
import Foundation

extension Ledger {
    /// The environment variable that names the PostgreSQL projection when no URL is given.
    public static let postgresURLVariable = "ANNALS_POSTGRES_URL"

    /// The PostgreSQL projection `annals sync` keeps at `url` in `schema`; with `connectNow`, the
    /// server is reached (and a bad URL or schema refused) at once, else at the first pass.
    public func postgresTarget(url: String, schema: String, connectNow: Bool = true) throws -> PostgresTarget {
        PostgresTarget(sync: try PostgresSync(url: url, schema: schema, connectNow: connectNow))
    }

    /// Brings the PostgreSQL projection `target` names up to the end of the log (see ``PostgresSync``).
    public func syncPostgres(
        _ target: PostgresTarget, wait: Bool = false, rebuild: Bool = false,
        progress: @escaping (Int64) -> Void = { _ in }
    ) throws -> SyncReport {
        try target.sync.sync(log, wait: wait, rebuild: rebuild, progress: progress)
    }

    /// The server `error` says could not be reached, as the error names it; nil for any other error.
    public static func unreachableServer(in error: any Error) -> String? {
        guard case .cannotConnect(let target, _)? = error as? PostgresError else { return nil }
        return target
    }

    /// The PostgreSQL projection `annals sync` keeps at `url` in `schema`, its views showing
    /// `moment`. When it stands elsewhere than the log (behind it, or of another history), says
    /// so through ``notice`` and still answers: the state it is stamped with names its seq.
    public func postgresReader(url: String, schema: String, at moment: Moment) throws -> Reader {
        let reader = try ProjectionReader.postgres(url: url, schema: schema, at: moment)
        let stored = try reader.storedPosition()
        let tail = try log.tail()
        try checkNotShorterThanPublished(records: tail.seq)
        try checkMoment(moment, records: tail.seq)
        if stored.seq != tail.seq {
            notice("the PostgreSQL projection is at seq \(stored.seq), the log at \(tail.seq): run annals sync")
        } else if stored.head != tail.hash {
            notice(
                "the PostgreSQL projection is at seq \(stored.seq) of another history than the log's: run annals sync")
        }
        return reader
    }

    /// Syncs, then keeps syncing whenever the log grows, checking every `interval` seconds,
    /// until `shouldStop` says so. Each pass (and each failure, which is retried at the next
    /// check: a restarted server or a dropped connection heals itself) goes to `report`.
    public func watchPostgres(
        _ target: PostgresTarget, interval: Double, shouldStop: () -> Bool,
        report: (Result<SyncReport, any Error>) -> Void
    ) {
        var seen: [String: Int64]? = nil
        var failed = false
        while !shouldStop() {
            let now = eventsSizes()
            if now != seen || failed {
                let result = Result { try target.sync.sync(log, wait: true) }
                report(result)
                failed = (try? result.get()) == nil
                if !failed { seen = now }
            }
            Pause.sleep(seconds: interval)
        }
    }

    /// The size of every file in Events/: the log only grows, so a change of any size means new records.
    private func eventsSizes() -> [String: Int64] {
        var sizes: [String: Int64] = [:]
        for name in (try? FileSystem.entries(of: layout.events)) ?? [] {
            let status = try? FileSystem.status(of: layout.events + "/" + name)
            sizes[name] = status.map { Int64($0.size) } ?? -1
        }
        return sizes
    }
}
