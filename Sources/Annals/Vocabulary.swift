import AnnalsProjection
import AnnalsStore

// The façade's own words for what the layers below it give: the CLI and programs embedding
// Annals import `Annals` and `AnnalsCore` only, never the store or the projection.

extension Ledger {
    /// The moment a read shows: now, or a valid date (`asOf`), a transaction time (`knownAt`)
    /// and/or a last seq (`knownAtSeq`).
    public typealias Moment = ProjectionStore.Moment
    /// The projection at one moment, answering the read commands (claims, bans, timeline, search, query …).
    public typealias Reader = ProjectionReader
    /// What bringing the projection up to the log did (records applied, and why it was rebuilt).
    public typealias CatchUp = ProjectionStore.CatchUp
    /// The most bytes `annals query` holds of a result it must see whole (a text table).
    public static var queryHeldBytes: Int { QueryLimits.heldBytes }

    /// The ledger's folder, the one holding `Events/`.
    public var root: String { layout.root }

    /// The names of the snapshots in `Snapshots/`, sorted.
    public func snapshotNames() -> [String] {
        SnapshotFile.list(layout)
    }
}

/// What an append did: the events it added (or would add, in a dry run), their seqs and the chain head.
public typealias AppendOutcome = EventLog.AppendOutcome
/// What one `annals sync` pass did to the PostgreSQL projection.
public typealias SyncReport = PostgresSync.Report
/// What `annals verify` found: records and segments checked, notes, and the first defect.
public typealias VerifyReport = AnnalsStore.VerifyReport
/// What `annals repair` did or would do.
public typealias RepairReport = AnnalsStore.RepairReport
/// A table of cells, as the read commands render it (text, JSON or CSV).
public typealias ResultTable = AnnalsProjection.ResultTable
/// A row type of the projection that renders as a table row and a JSON object.
public typealias TabularRow = AnnalsProjection.TabularRow
/// One claim as `annals claims` lists it: its latest standing and counts.
public typealias ClaimSummary = AnnalsProjection.ClaimSummary
/// One event in a claim's history, as `annals claim` shows it.
public typealias ClaimHistoryEntry = AnnalsProjection.ClaimHistoryEntry
/// The language and translations of a quote.
public typealias QuoteLanguageRow = AnnalsProjection.QuoteLanguageRow
/// An actor and its role in an event.
public typealias ActorRole = AnnalsProjection.ActorRole
/// One entry of the timeline.
public typealias TimelineEntry = AnnalsProjection.TimelineEntry
/// One ban with its period and status, as `annals bans` lists it.
public typealias BanEntry = AnnalsProjection.BanEntry
