import AnnalsProjection
import AnnalsSite

extension Ledger {
    /// Most dates the site's as-of control precomputes; beyond, it keeps month starts only.
    static let siteMoments = 400

    /// Writes a self-contained timeline site of the ledger (as of `asOf`, or now) into `dir`.
    /// Returns the page's path and how many events it shows.
    /// `dir` must lie outside the ledger's own folders; an existing `index.html` is replaced only with `force`.
    public func exportSite(asOf: PartialDate?, to dir: String, title: String, force: Bool = false) throws
        -> (path: String, events: Int, moments: Int)
    {
        let folder = try OutputPath.check(dir, layout: layout, force: true)
        let path = try OutputPath.check(folder + "/index.html", layout: layout, force: force)
        let moment = ProjectionStore.Moment(asOf: asOf)
        let reader = try reader(at: moment)
        let rows = try reader.siteRows()
        // The as-of control: claim standings and bans in force at every date an event starts.
        var days = Set(rows.events.map(\.occurredStart))
        if days.count > Self.siteMoments { days = Set(days.map { String($0.prefix(7)) + "-01" }) }
        var moments: [(date: String, claims: [ClaimSummary], bans: [BanEntry])] = []
        for day in days.sorted() {
            let date = try PartialDate.parse(day)
            let state = try ProjectionStore.openReader(layout, at: .init(asOf: date))
            moments.append((day, try state.claims(), try state.bans(activeOn: date)))
        }
        let seq = try Snapshots.position(of: reader).seq
        let data = SiteData(rows: rows, moments: moments, asOf: asOf?.description, seq: seq)
        try OutputPath.makeDirectories(folder)
        try OutputPath.writeAtomically(SiteWriter.page(data, title: title), to: path)
        return (path, data.eventCount, moments.count)
    }
}
