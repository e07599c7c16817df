/// Everything the feed, TimelineJS and JSON-LD exports show, read in one transaction: every
/// event of the state (retracted ones, corrections, retractions and entity registrations
/// included, in log order), their actors, stances and sources, the
/// entities they name, claims, ban periods, and the latest `recorded` time of the state.
public struct ExportRows: Sendable {
    public var events: [EventRow]
    public var actors: [EventActorRow]
    public var stances: [ClaimHistoryRow]
    public var sources: [CitedSource]
    public var mentions: [EventMention]
    public var entities: [EntityRow]
    public var claims: [ClaimSummary]
    public var bans: [BanPeriod]
    /// The lifts of the standing bans, full or partial, by day.
    public var lifts: [BanLift]
    /// The latest `recorded` time of any record in the state (entity registrations included);
    /// nil for an empty state.
    public var lastRecorded: String?
}
