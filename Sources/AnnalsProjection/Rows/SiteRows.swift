/// Everything a static site shows: standing events (no entity registrations), their actors,
/// stances and sources, the entities, claims, bans and ban lifts.
public struct SiteRows: Sendable {
    public var events: [EventRow]
    public var actors: [EventActorRow]
    public var stances: [ClaimHistoryRow]
    public var sources: [CitedSource]
    public var entities: [EntityRow]
    public var claims: [ClaimSummary]
    public var bans: [BanPeriod]
    public var lifts: [BanLift]
}
