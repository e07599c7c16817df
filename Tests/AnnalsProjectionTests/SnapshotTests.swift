import AnnalsCore
import AnnalsStore
import Foundation
import Testing

@testable import AnnalsProjection

@Suite("Snapshots: determinism, restore, diff")
struct SnapshotTests {
    func build(_ ledger: ScratchLedger) throws {
        try ledger.append(Ev.base, recordedOn: "2025-12-01")
        try ledger.append(
            [
                Ev.stance(
                    "accusation", "2025-01-10", actor: "org:a", claim: "claim:x", "asserts", statement: "X copied Y"),
                Ev.ban("ban:one", "2025-02-01"), Ev.release("model:a/one", "2025-03-01", by: "org:a"),
            ], recordedOn: "2026-01-01")
    }

    func write(
        _ ledger: ScratchLedger, _ reader: ProjectionReader, _ name: String, moment: ProjectionStore.Moment = .init()
    ) throws -> String {
        try FileManager.default.createDirectory(atPath: ledger.log.layout.snapshots, withIntermediateDirectories: true)
        let path = ledger.log.layout.snapshots + "/\(name).jsonl.gz"
        _ = try Snapshots.write(reader, moment: moment, to: path, log: ledger.log)
        return path
    }

    @Test func sameLogGivesTheSameBytes() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let a = try write(ledger, ledger.live(), "a")
        let b = try write(ledger, ledger.replay(.init(knownAtSeq: 9)), "b")
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
        let asOf = ProjectionStore.Moment(asOf: try PartialDate.parse("2025-02-15"))
        let c = try write(ledger, ledger.replay(asOf), "c", moment: asOf)
        let d = try write(ledger, ledger.replay(asOf), "d", moment: asOf)
        #expect(try Data(contentsOf: URL(fileURLWithPath: c)) == Data(contentsOf: URL(fileURLWithPath: d)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: c)) != Data(contentsOf: URL(fileURLWithPath: a)))
    }

    @Test func restorePlusCatchUpEqualsFullRebuild() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let path = try write(ledger, ledger.live(), "early")
        let id = try ledger.id(ofSeq: 7)
        try ledger.append(
            [
                Ev.stance("response", "2025-01-12", actor: "org:b", claim: "claim:x", "denies"),
                Ev.lift("ban:one", "2025-06-01", scope: "full"),
                Ev.correction(id, "2025-07-01", set: #"{"title":"Alpha accuses Beta of copying"}"#),
            ], recordedOn: "2026-02-01")
        let result = try Snapshots.restore(path, name: "early", log: ledger.log)
        #expect(result.applied == 3 && result.rebuiltBecause == nil)
        let restored = try dump(ledger.live())
        try ledger.deleteLiveDatabase()
        #expect(try dump(ledger.live()) == restored)
    }

    @Test func correctionsMakeFormatTwoSnapshotsThatRestoreEveryEarlierMoment() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let plain = try write(ledger, ledger.live(), "plain")
        #expect(try SnapshotFile.open(path: plain, name: "plain").0.format == 1)
        let id = try ledger.id(ofSeq: 7)
        try ledger.append(
            [Ev.correction(id, "2025-07-01", set: #"{"title":"Alpha accuses Beta of copying","occurred":"2024-12"}"#)],
            recordedOn: "2026-02-01")
        let path = try write(ledger, ledger.live(), "corrected")
        let header = try SnapshotFile.open(path: path, name: "corrected").0
        #expect(header.format == 2 && header.rows["event_history"] == 1)
        let before = try dump(ledger.live())
        let earlier = ProjectionStore.Moment(knownAtSeq: 9)
        let earlierState = try stateLines(ledger.replay(earlier))
        try ledger.deleteLiveDatabase()
        _ = try Snapshots.restore(path, name: "corrected", log: ledger.log)
        #expect(try dump(ledger.live()) == before)
        // The version the correction superseded came back with the snapshot.
        #expect(try stateLines(ProjectionStore.openReader(ledger.log.layout, at: earlier)) == earlierState)

        // The same state written as format 1 (no history tables) cannot say what was superseded: refused.
        let old = ledger.log.layout.snapshots + "/old.jsonl.gz"
        _ = try SnapshotFile.write(
            to: old, level: 1,
            makeHeader: { rows, digest, bytes in
                var h = header
                (h.format, h.rows, h.digest, h.bytes) = (1, rows, digest, bytes)
                return h
            },
            body: { emit in
                try SnapshotRows.forEachLine(ledger.live()) { line, table in
                    if !table.hasSuffix("_history") || table == "claim_history" { try emit(line, table) }
                }
            })
        #expect(throws: SnapshotError.self) { try Snapshots.restore(old, name: "old", log: ledger.log) }
    }

    /// The loader itself refuses a row naming a column its table lacks (hostile SQL in a key),
    /// behind the proving that `annals snapshot restore` does first.
    @Test func theLoaderRefusesAColumnItsTableLacks() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let path = try write(ledger, ledger.live(), "s")
        let (header, _) = try SnapshotFile.open(path: path, name: "s")
        let forged = ledger.log.layout.snapshots + "/forged.jsonl.gz"
        _ = try SnapshotFile.write(
            to: forged, level: 1,
            makeHeader: { rows, digest, bytes in
                var h = header
                (h.rows, h.digest, h.bytes) = (rows, digest, bytes)
                return h
            },
            body: { emit in
                var first = true
                try SnapshotRows.forEachLine(ledger.live()) { line, table in
                    var text = String(decoding: line, as: UTF8.self)
                    if first && table == "entities" {
                        text = text.replacingOccurrences(of: #""name":"#, with: #""name\"); DROP TABLE events; --":"#)
                        first = false
                    }
                    try emit(Array(text.utf8)[...], table)
                }
            })
        do {
            _ = try Snapshots.restore(forged, name: "forged", log: ledger.log)
            Issue.record("the forged snapshot was restored")
        } catch {
            #expect("\(error)".contains("has no column"), "\(error)")
        }
        #expect(try ledger.live().read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") } ?? 0 > 0)
    }

    /// The state a reader shows, as snapshot lines.
    func stateLines(_ reader: ProjectionReader) throws -> [String] {
        var lines: [String] = []
        try SnapshotRows.forEachLine(reader) { line, _ in lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    @Test func aSnapshotOfAnotherHistoryIsNotRestored() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let path = try write(ledger, ledger.live(), "s")
        let other = try ScratchLedger()
        try other.append(Ev.base, recordedOn: "2025-12-02")
        try other.append([
            Ev.ban("ban:other", "2025-02-01"), Ev.ban("ban:more", "2025-02-02"), Ev.ban("ban:x", "2025-02-03"),
        ])
        #expect(throws: SnapshotError.self) { try Snapshots.restore(path, name: "s", log: other.log) }
    }

    @Test func diffShowsAStandingFlipWithTheEventAndSourceBehindIt() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let before = try write(ledger, ledger.live(), "before")
        try ledger.append(
            [
                Ev.stance(
                    "response", "2025-01-12", actor: "org:b", claim: "claim:x", "denies",
                    source: "https://beta.example/statement"),
                Ev.lift("ban:one", "2025-06-01", scope: "full"),
            ], recordedOn: "2026-02-01")
        let after = try write(ledger, ledger.live(), "after")
        let (_, a) = try SnapshotFile.open(path: before, name: "before")
        let (_, b) = try SnapshotFile.open(path: after, name: "after")
        let diff = try SnapshotDiff.compare(
            old: { try a.nextLine() }, new: { try b.nextLine() },
            reread: {
                let (_, again) = try SnapshotFile.open(path: after, name: "after")
                return { try again.nextLine() }
            })
        let standing = try #require(diff.claimStanding.first)
        #expect(standing.old?.standing == "alleged")
        #expect(standing.new?.standing == "disputed")
        let history = diff.claimHistory
        #expect(history.count == 1 && history[0].new?.value == "denies")
        #expect(diff.sourcesByID.values.contains { $0.url == "https://beta.example/statement" })
        let ban = try #require(diff.banPeriods.first)
        #expect(ban.old?.lifted == nil && ban.new?.lifted == "2025-06-01")
        #expect(diff.counts["events"]?.added == 2)
        #expect(diff.unchangedRows > 0)
    }

    @Test func citedSourcesAreFoundInOnePassAsByRereading() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        try ledger.append(
            [
                Ev.stance(
                    "response", "2025-01-12", actor: "org:b", claim: "claim:x", "denies", source: "https://b.example/s")
            ],
            recordedOn: "2026-02-01")
        let before = try write(ledger, ledger.live(), "before")
        // A new event cites a source already there: its `sources` row is unchanged.
        try ledger.append(
            [
                Ev.stance(
                    "report", "2025-01-20", actor: "org:a", claim: "claim:x", "reports", source: "https://b.example/s")
            ],
            recordedOn: "2026-02-02")
        let after = try write(ledger, ledger.live(), "after")
        func diff(rereading: Bool) throws -> SnapshotDiff {
            let (_, a) = try SnapshotFile.open(path: before, name: "before")
            let b = try SnapshotBodyReader(path: after, name: "after")
            var rereads = 0
            let diff = try SnapshotDiff.compare(
                old: { try a.nextLine() }, new: { try b.nextLine() },
                reread: rereading
                    ? {
                        rereads += 1
                        let (_, again) = try SnapshotFile.open(path: after, name: "after")
                        return { try again.nextLine() }
                    } : nil)
            try b.finish()
            #expect(rereads <= 1)
            return diff
        }
        let onePass = try diff(rereading: false)
        let reread = try diff(rereading: true)
        #expect(!onePass.eventSources.isEmpty)
        #expect(onePass.sourcesByID.values.contains { $0.url == "https://b.example/s" })
        #expect(onePass.sourcesByID.keys.sorted() == reread.sourcesByID.keys.sorted())
        #expect(onePass.unchangedRows == reread.unchangedRows && onePass.events.count == reread.events.count)
    }

    @Test func identicalStatesHaveAnEmptyDiff() throws {
        let ledger = try ScratchLedger()
        try build(ledger)
        let x = try write(ledger, ledger.live(), "x")
        let (_, a) = try SnapshotFile.open(path: x, name: "x")
        let (_, b) = try SnapshotFile.open(path: x, name: "x")
        let diff = try SnapshotDiff.compare(old: { try a.nextLine() }, new: { try b.nextLine() })
        #expect(diff.isEmpty)
    }
}

@Suite("Snapshot lines")
struct SnapshotLineTests {
    @Test func directLinesEqualCanonicalEncodingOfTheirJSON() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base, recordedOn: "2025-12-01")
        try ledger.append([
            Ev.stance(
                "accusation", "2025-01-10", actor: "org:a", claim: "claim:x", "asserts",
                statement: #"X \"quoted\" \\ é 😀 \u00fc"#),
            Ev.ban("ban:one", "2025-02-01"),
        ])
        var lines = 0
        try SnapshotRows.forEachLine(try ledger.live()) { line, table in
            let value = try JSONParser.parse(line)
            #expect(CanonicalJSON.encode(value)[...] == line, "\(table): \(String(decoding: line, as: UTF8.self))")
            lines += 1
        }
        #expect(lines > 20)
    }
}
