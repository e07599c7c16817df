import Annals
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsTestSupport
import Foundation

/// Runs the same reads, through the public reader API, on two readers of one moment: the
/// expected one (the replay oracle, or a ledger cut at a seq) and the one under test. Every
/// difference is kept as a readable account: the read, and a diff of the rows.
struct ReadComparison {
    let expected: ProjectionReader
    let actual: ProjectionReader
    var names = (expected: "oracle", actual: "tested")
    private(set) var reads = 0
    private(set) var differences: [String] = []

    init(expected: ProjectionReader, actual: ProjectionReader) {
        self.expected = expected
        self.actual = actual
    }

    /// Every read the CLI and the site make, with filters drawn from the ledger's own ids and dates.
    mutating func everyRead(_ world: OracleLedger, _ rng: inout SplitMix) {
        timelines(world, &rng)
        claims(world, &rng)
        bansAndReleases(world, &rng)
        site()
        searches(&rng)
        entitiesAndEvents(world)
    }

    // MARK: The reads

    /// Reads cost milliseconds each in a debug build, so each moment makes a random sample of the
    /// filtered reads (every seed and moment draws others) and every unfiltered one.
    private mutating func timelines(_ world: OracleLedger, _ rng: inout SplitMix) {
        same("timeline()") { try $0.timeline() }
        for type in OracleLedger.types.shuffled(using: &rng).prefix(2) {
            same("timeline(types: [\(type)])") { try $0.timeline(types: [type]) }
        }
        same("timeline(types: [ban, ban-lifted])") { try $0.timeline(types: ["ban", "ban-lifted"]) }
        // Entities at random, and the last registered (late, so often not known yet).
        for actor in Array(world.entityIDs.shuffled(using: &rng).prefix(2)) + [world.entityIDs.last!] {
            same("timeline(actor: \(actor))") { try $0.timeline(actor: actor) }
        }
        let (a, b) = (Self.date(world, &rng), Self.date(world, &rng))
        let (from, to) = a < b ? (a, b) : (b, a)
        same("timeline(from: \(from))") { try $0.timeline(from: from) }
        same("timeline(to: \(to))") { try $0.timeline(to: to) }
        same("timeline(from: \(from), to: \(to))") { try $0.timeline(from: from, to: to) }
        let actor = world.entityIDs.randomElement(using: &rng)!
        let types = Array(OracleLedger.types.shuffled(using: &rng).prefix(3))
        let since = Self.date(world, &rng)
        same("timeline(actor: \(actor), types: \(types), from: \(since))") {
            try $0.timeline(actor: actor, types: types, from: since)
        }
    }

    private mutating func claims(_ world: OracleLedger, _ rng: inout SplitMix) {
        same("claims()") { try $0.claims() }
        for standing in ClaimStanding.allCases.shuffled(using: &rng).prefix(2) {
            same("claims(standing: \(standing))") { try $0.claims(standing: standing.rawValue) }
        }
        for entity in world.entityIDs.shuffled(using: &rng).prefix(1) {
            same("claims(about: \(entity))") { try $0.claims(about: entity) }
        }
        // Every claim, and one that never exists (both sides must refuse it alike).
        for id in world.claimIDs + ["claim:never"] {
            let a = Result { try expected.claim(id) }
            let b = Result { try actual.claim(id) }
            compare("claim(\(id)).summary", a.map { [$0.summary] }, b.map { [$0.summary] })
            compare("claim(\(id)).history", a.map(\.history), b.map(\.history))
        }
    }

    private mutating func bansAndReleases(_ world: OracleLedger, _ rng: inout SplitMix) {
        same("bans()") { try $0.bans() }
        for _ in 0..<2 {
            let day = Self.date(world, &rng)
            same("bans(activeOn: \(day))") { try $0.bans(activeOn: day) }
        }
        same("releases()") { try $0.releases() }
        for org in [["org:a", "org:b"].randomElement(using: &rng)!, world.entityIDs.last { $0.hasPrefix("org:") }!] {
            same("releases(by: \(org))") { try $0.releases(by: org) }
        }
    }

    /// What `annals entities` and `annals show` find through the projection before reading the
    /// log by seq: the registrations, every event's amendments, and events by id prefix.
    private mutating func entitiesAndEvents(_ world: OracleLedger) {
        same("registeredEntities()") { try $0.registeredEntities().map { "\($0.id) registered by \($0.seq)" } }
        for seq in 0...world.lastSeq + 1 {
            same("amendments(ofSeq: \(seq))") { try $0.amendments(ofSeq: seq) }
        }
        for prefix in ["ev_", "ev_0", "ev_7", "ev_ff", "ev_~"] {
            same("events(idPrefix: \(prefix))") { try $0.events(idPrefix: prefix) }
        }
    }

    private mutating func site() {
        let a = Result { try expected.siteRows() }
        let b = Result { try actual.siteRows() }
        sameSite("events", a, b, \.events)
        sameSite("actors", a, b, \.actors)
        sameSite("stances", a, b, \.stances)
        sameSite("sources", a, b, \.sources)
        sameSite("entities", a, b, \.entities)
        sameSite("claims", a, b, \.claims)
        sameSite("bans", a, b, \.bans)
        sameSite("lifts", a, b, \.lifts)
    }

    private mutating func sameSite<Row: Equatable>(
        _ part: String, _ a: Result<SiteRows, any Error>, _ b: Result<SiteRows, any Error>,
        _ path: KeyPath<SiteRows, [Row]>
    ) {
        compare("siteRows().\(part)", a.map { $0[keyPath: path] }, b.map { $0[keyPath: path] })
    }

    /// Search is compared as the *set* of hits, each without its rank: bm25 depends on the
    /// statistics of the whole index (how many documents, how long, how many hold the term),
    /// which an index of every version of every event legitimately has different from a replay
    /// holding only the moment's events; so ranks, and the order they give, may differ. The
    /// limit is lifted for the same reason: with a limit, which hits make the cut depends on
    /// rank. The rest of each hit (date, type, title, status, snippet) must be the moment's.
    private mutating func searches(_ rng: inout SplitMix) {
        let queries = [
            "distillation", "export*", "smuggling gpu", "said", "corrected", "correction", "ban",
            "\(Int.random(in: 1...90, using: &rng))",
        ]
        for query in queries.shuffled(using: &rng).prefix(4) {
            same("search(\"\(query)\") as a set, ranks left out") { reader in
                try reader.search(query, limit: 1_000_000).map { hit -> SearchHit in
                    var h = hit
                    h.rank = 0
                    return h
                }.sorted { $0.id < $1.id }
            }
        }
    }

    /// A date to filter by: half the time one the log itself holds (a boundary), else any
    /// date from before the first event to after the last, at a random precision.
    static func date(_ world: OracleLedger, _ rng: inout SplitMix) -> PartialDate {
        if Bool.random(using: &rng), let exact = world.dates.randomElement(using: &rng) {
            return try! PartialDate.parse(exact)
        }
        let seconds = Int64.random(
            in: OracleLedger.start - 400 * OracleLedger.day...world.batches.last!.recorded.secondsSinceEpoch
                + 400 * OracleLedger.day, using: &rng)
        let text = Timestamp(secondsSinceEpoch: seconds).description
        return try! PartialDate.parse(String(text.prefix([4, 7, 10, 10].randomElement(using: &rng)!)))
    }

    // MARK: Comparing

    /// One read on both readers: the same rows in the same order, or the same error.
    mutating func same<Row: Equatable>(_ read: String, _ body: (ProjectionReader) throws -> [Row]) {
        compare(read, Result { try body(expected) }, Result { try body(actual) })
    }

    private mutating func compare<Row: Equatable>(
        _ read: String, _ a: Result<[Row], any Error>, _ b: Result<[Row], any Error>
    ) {
        reads += 1
        switch (a, b) {
        case (.success(let x), .success(let y)):
            if x != y { differences.append("\(read):\n" + diff(x, y)) }
        case (.failure(let x), .failure(let y)):
            if "\(x)" != "\(y)" {
                differences.append("\(read): the errors differ\n  \(names.expected): \(x)\n  \(names.actual): \(y)")
            }
        case (.success(let x), .failure(let y)):
            differences.append("\(read): \(names.expected) gave \(x.count) rows, \(names.actual) failed: \(y)")
        case (.failure(let x), .success(let y)):
            differences.append("\(read): \(names.expected) failed (\(x)), \(names.actual) gave \(y.count) rows")
        }
    }

    /// Rows only one side has (as a multiset); rows changed in place, field by field; or, when
    /// both hold the same rows, where their order first differs.
    func diff<Row>(_ x: [Row], _ y: [Row]) -> String {
        let (dx, dy) = (x.map { "\($0)" }, y.map { "\($0)" })
        let onlyX = Self.subtract(dy, from: dx)
        let onlyY = Self.subtract(dx, from: dy)
        var lines = ["  \(names.expected): \(x.count) rows; \(names.actual): \(y.count) rows"]
        if onlyX.isEmpty && onlyY.isEmpty {
            let i = dx.indices.first { dx[$0] != dy[$0] } ?? 0
            lines.append("  the same rows in another order; first difference at row \(i):")
            lines.append("    \(names.expected): \(dx[i])\n    \(names.actual): \(dy[i])")
        } else if x.count == y.count, x.indices.filter({ dx[$0] != dy[$0] }).count == onlyX.count {
            for i in x.indices where dx[i] != dy[i] {
                lines.append("  row \(i) (\(names.expected) → \(names.actual)): " + Self.fields(x[i], y[i]))
                lines.append("    \(names.expected): \(dx[i])")
            }
        } else {
            lines += onlyX.map { "  - only \(names.expected): \($0)" }
            lines += onlyY.map { "  + only \(names.actual): \($0)" }
        }
        let shown = lines.prefix(25)
        return (shown + (lines.count > 25 ? ["  … \(lines.count - 25) more lines"] : [])).joined(separator: "\n")
    }

    private static func subtract(_ b: [String], from a: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for s in b { counts[s, default: 0] += 1 }
        return a.filter { s in
            guard let c = counts[s], c > 0 else { return true }
            counts[s] = c - 1
            return false
        }
    }

    /// The fields of two values of one type that differ, as `name: a → b`.
    private static func fields<Row>(_ a: Row, _ b: Row) -> String {
        let pairs = zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children)
        return pairs.compactMap { x, y -> String? in
            let (l, r) = ("\(x.value)", "\(y.value)")
            return l == r ? nil : "\(x.label ?? "?"): \(l) → \(r)"
        }.joined(separator: "; ")
    }
}
