import Annals
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsTestSupport
import Foundation
import Testing

/// Reads at a moment (`--as-of`, `--known-at`, `--known-at-seq`) give the answers of the replay
/// oracle, `ProjectionStore.replay(log, moment:)`, on random ledgers: every public read, rows
/// compared whole. And `--known-at-seq N` is what the ledger showed when it held N records: the
/// same reads as "now" on a byte-identical copy of its first N records.
///
/// What is not compared, on purpose: search ranks and the order they give (see
/// ``ReadComparison``). Everything else, `sources` rows included, must be exactly the
/// oracle's: a source cited with different publishers or dates shows its first citation in the
/// log up to the moment's last record, whatever the as-of date (``OracleLedger/sourceMetadataVaries``
/// turns that case off). Even seeds read through a live database restored from a snapshot made
/// halfway through the log, so the superseded versions snapshots carry are checked too.
///
/// A failure names the seed, the moment (as CLI flags), the read and a diff of its rows, and
/// keeps the ledger on disk so the same read can be made with `annals --ledger PATH`.
@Suite("Reads at a moment agree with the replay oracle")
struct MomentOracleTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6]

    /// The path under test: how the CLI reads a moment (`ReadOptions.reader()`).
    static func underTest(_ ledger: Ledger, _ moment: ProjectionStore.Moment) throws -> ProjectionReader {
        try ledger.reader(at: moment)
    }

    @Test("every read at random moments equals the oracle's", arguments: seeds)
    func readsMatchTheOracle(seed: UInt64) throws {
        let world = try OracleLedger(seed: seed)
        let ledger = Ledger(layout: world.log.layout)
        if seed % 2 == 0 {
            let half = ProjectionStore.Moment(knownAtSeq: try world.log.lastSeq() / 2)
            _ = try ledger.createSnapshot(half, name: "half", force: true)
            _ = try ledger.restoreSnapshot("half")
        }
        var rng = SplitMix(state: seed &* 0x9E37_79B9)
        let moments = Self.moments(world, seed: seed, count: 5, &rng)
        for (i, moment) in moments.enumerated() {
            var comparison = ReadComparison(
                expected: try ProjectionStore.replay(world.log, moment: moment),
                actual: try Self.underTest(ledger, moment))
            comparison.everyRead(world, &rng)
            Self.report(
                comparison, seed: seed, what: "moment \(i + 1) of \(moments.count): \(Self.flags(moment))", world)
        }
    }

    @Test("--known-at-seq N equals a copy of the ledger's first N records", arguments: seeds)
    func knownAtSeqMatchesACut(seed: UInt64) throws {
        let world = try OracleLedger(seed: seed)
        let full = Ledger(layout: world.log.layout)
        var rng = SplitMix(state: seed &* 0x85EB_CA6B)
        let batchEnds = world.batches.map(\.lastSeq)
        // The empty ledger, the end of a batch (also cut by --known-at), any record.
        let cuts: [Int64] = [
            0, batchEnds.dropLast().randomElement(using: &rng)!, Int64.random(in: 1...world.lastSeq, using: &rng),
        ]
        for (i, n) in cuts.enumerated() {
            let copy = try world.cut(upTo: n)
            #expect(try copy.log.isBytePrefix(of: world.log) && copy.log.lastSeq() == n, "seed \(seed): cut at \(n)")
            let cut = Ledger(layout: copy.log.layout)
            var checks: [(String, ProjectionReader, ProjectionReader)] = [
                (
                    "--known-at-seq \(n) vs now on the cut", try cut.reader(),
                    try Self.underTest(full, .init(knownAtSeq: n))
                )
            ]
            if let batch = world.batches.first(where: { $0.lastSeq == n }) {
                let moment = ProjectionStore.Moment(knownAt: batch.recorded)
                checks.append(
                    ("\(Self.flags(moment)) vs now on the cut", try cut.reader(), try Self.underTest(full, moment)))
            }
            let asOf = ReadComparison.date(world, &rng)
            if i == 2 {
                checks.append(
                    (
                        "--as-of \(asOf) --known-at-seq \(n) vs the oracle's --as-of \(asOf) on the cut",
                        try ProjectionStore.replay(copy.log, moment: .init(asOf: asOf)),
                        try Self.underTest(full, .init(asOf: asOf, knownAtSeq: n))
                    ))
            }
            for (what, expected, actual) in checks {
                var comparison = ReadComparison(expected: expected, actual: actual)
                comparison.names = ("cut ledger", "full ledger")
                comparison.everyRead(world, &rng)
                if !comparison.differences.isEmpty { copy.keep = true }
                Self.report(comparison, seed: seed, what: what + " (cut kept at \(copy.url.path))", world)
            }
        }
    }

    // MARK: Moments

    /// `count` moments: "now" first (the live database against a full replay), then valid and
    /// transaction times of every kind in turn (the kinds rotate with the seed, so the seeds
    /// together pair each valid-time kind with many transaction-time kinds).
    static func moments(_ world: OracleLedger, seed: UInt64, count: Int, _ rng: inout SplitMix)
        -> [ProjectionStore.Moment]
    {
        var moments = [ProjectionStore.Moment()]
        for i in 1..<count {
            let s = Int(seed)
            var m = ProjectionStore.Moment(asOf: asOf(kind: (i + s) % 7, world, &rng))
            transactionTime(kind: (i * 3 + s * 5) % 11, world, &rng, into: &m)
            moments.append(m)
        }
        return moments
    }

    /// Valid time: none, before every event, a date the log holds, any day, month or year,
    /// after every event.
    static func asOf(kind: Int, _ world: OracleLedger, _ rng: inout SplitMix) -> PartialDate? {
        let within = { (rng: inout SplitMix, length: Int) -> PartialDate in
            let last = world.batches.last!.recorded.secondsSinceEpoch
            let t = Timestamp(secondsSinceEpoch: Int64.random(in: OracleLedger.start...last, using: &rng))
            return try! PartialDate.parse(String(t.description.prefix(length)))
        }
        switch kind {
        case 1: return try! PartialDate.parse("2019-06-30")
        case 2: return try! PartialDate.parse(world.dates.randomElement(using: &rng)!)
        case 3: return within(&rng, 10)
        case 4: return within(&rng, 7)
        case 5: return within(&rng, 4)
        case 6: return try! PartialDate.parse("2031")
        default: return nil
        }
    }

    /// Transaction time: none; a time before the first record, exactly at a batch's recording
    /// time (inclusive), a second before it, between two batches, after the last; a seq of 0,
    /// in the middle, the last, past the end; or a time and a seq together.
    static func transactionTime(
        kind: Int, _ world: OracleLedger, _ rng: inout SplitMix, into m: inout ProjectionStore.Moment
    ) {
        let batch = world.batches.randomElement(using: &rng)!.recorded.secondsSinceEpoch
        let gap = Int64.random(in: 1...(40 * OracleLedger.day), using: &rng)
        switch kind {
        case 1: m.knownAt = try! Timestamp.parse("2020-01-01")
        case 2: m.knownAt = Timestamp(secondsSinceEpoch: batch)
        case 3: m.knownAt = Timestamp(secondsSinceEpoch: batch - 1)
        case 4: m.knownAt = Timestamp(secondsSinceEpoch: batch + gap)
        case 5: m.knownAt = try! Timestamp.parse("2030-01-01")
        case 6: m.knownAtSeq = 0
        case 7: m.knownAtSeq = Int64.random(in: 1..<world.lastSeq, using: &rng)
        case 8: m.knownAtSeq = world.lastSeq
        case 9: m.knownAtSeq = min(world.lastSeq, 1)  // past the end is refused: HostileArgumentTests
        case 10:
            m.knownAt = Timestamp(secondsSinceEpoch: batch)
            m.knownAtSeq = Int64.random(in: 1...world.lastSeq, using: &rng)
        default: break
        }
    }

    /// The moment as the CLI's flags.
    static func flags(_ m: ProjectionStore.Moment) -> String {
        let parts = [
            m.asOf.map { "--as-of \($0)" }, m.knownAt.map { "--known-at \($0)" },
            m.knownAtSeq.map { "--known-at-seq \($0)" },
        ].compactMap { $0 }
        return parts.isEmpty ? "now (no moment flags)" : parts.joined(separator: " ")
    }

    // MARK: Reporting

    static func report(_ comparison: ReadComparison, seed: UInt64, what: String, _ world: OracleLedger) {
        guard !comparison.differences.isEmpty else { return }
        world.scratch.keep = true
        let shown = comparison.differences.prefix(6)
        Issue.record(
            """
            Moment oracle mismatch. Seed \(seed) (replay: swift test --filter MomentOracleTests), \(what).
            Ledger kept at \(world.scratch.url.path) (annals --ledger PATH timeline … with the flags above).
            \(comparison.differences.count) of \(comparison.reads) reads differ\
            \(shown.count < comparison.differences.count ? "; the first \(shown.count)" : ""):
            \(shown.joined(separator: "\n"))
            """)
    }
}
