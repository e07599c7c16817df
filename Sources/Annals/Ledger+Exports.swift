import AnnalsCore
import AnnalsExport
import AnnalsProjection
import AnnalsStore
import AnnalsSystem

/// What a feed, TimelineJS or JSON-LD export wrote, and the ledger state stamped on it.
public struct ExportOutcome: Sendable {
    /// The output folder (feeds) or file.
    public var path: String
    /// Every file written, in the order written.
    public var files: [String]
    /// Entries of the main feed; event slides (TimelineJS); `Event` nodes (JSON-LD).
    public var events: Int
    /// Feeds: one pair per entity. TimelineJS: eras (ban periods: in force, relaxed). JSON-LD: claims.
    public var secondary: Int
    /// JSON-LD: ClaimReviews (explicit assessments); 0 otherwise.
    public var reviews: Int
    public var state: LedgerState
}

extension Ledger {
    /// The rows every export reads, at `moment`, and the state they come from.
    private func exportData(at moment: Moment) throws -> (ExportData, LedgerState) {
        let reader = try reader(at: moment)
        return (ExportData(try reader.exportRows()), try state(of: reader, moment: moment))
    }

    /// The ledger's title, description and publisher, from ledger.json.
    public func words() throws -> LedgerWords { try LedgerConfig.words(layout) }

    /// Writes `dir`/feed.atom and feed.json (Atom and JSON Feed 1.1) of the newest `limit`
    /// records at `moment` (corrections and retractions included), and entities/<slug>.atom and
    /// .json for each entity. `dir` must lie outside the ledger's own folders; existing files are
    /// replaced only with `force` (nothing is written when one is refused).
    public func exportFeeds(moment: Moment, to dir: String, limit: Int, force: Bool = false) throws
        -> ExportOutcome
    {
        let words = try words()
        let folder = try OutputPath.checkFolder(dir, layout: layout)
        let (data, state) = try exportData(at: moment)
        let files = FeedWriter.files(data, state: state, words: words, limit: limit)
        let paths = try files.map { try OutputPath.check(folder + "/" + $0.path, layout: layout, force: force) }
        try OutputPath.makeDirectories(folder + "/entities")
        for (path, file) in zip(paths, files) { try OutputPath.write(file.bytes, to: path, layout: layout) }
        return ExportOutcome(
            path: folder, files: paths, events: min(limit, data.events.count), secondary: data.entities.count,
            reviews: 0, state: state)
    }

    /// Writes the state at `moment` as a TimelineJS3 JSON file at `path` (standing events, ban
    /// periods as eras). Same checks as ``exportFeeds(moment:to:limit:force:)``.
    public func exportTimelineJS(moment: Moment, to path: String, force: Bool = false) throws
        -> ExportOutcome
    {
        let words = try words()
        let file = try OutputPath.check(path, layout: layout, force: force)
        let (data, state) = try exportData(at: moment)
        let document = TimelineJSWriter.document(
            data, state: state, title: words.heading(origin: state.origin), description: words.description)
        try OutputPath.makeDirectories(LedgerLayout.parent(of: file))
        try OutputPath.write(PrettyJSON.encode(document), to: file, layout: layout)
        var eras = 0
        if case .array(let all)? = document["eras"] { eras = all.count }
        return ExportOutcome(
            path: file, files: [file], events: data.standing.count, secondary: eras, reviews: 0, state: state)
    }

    /// Writes the state at `moment` as schema.org JSON-LD (context embedded) at `path`: claims,
    /// ClaimReviews of explicit assessments, events and their sources. Same checks as
    /// ``exportFeeds(moment:to:limit:force:)``.
    public func exportJSONLD(moment: Moment, to path: String, force: Bool = false) throws
        -> ExportOutcome
    {
        let words = try words()
        let file = try OutputPath.check(path, layout: layout, force: force)
        let (data, state) = try exportData(at: moment)
        let document = JSONLDWriter.document(
            data, state: state, title: words.heading(origin: state.origin), words: words)
        try OutputPath.makeDirectories(LedgerLayout.parent(of: file))
        try OutputPath.write(PrettyJSON.encode(document), to: file, layout: layout)
        let standing = data.standing
        return ExportOutcome(
            path: file, files: [file], events: standing.count, secondary: data.claims.count,
            reviews: standing.reduce(0) { $0 + $1.stances.filter { $0.kind == "assessment" }.count }, state: state)
    }
}
