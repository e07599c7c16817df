import AnnalsCore
import AnnalsStore
import Foundation
import Testing

@testable import Annals
@testable import AnnalsProjection

/// The kept rows (`claim_standing_now`, `ban_periods_now`) and the reads that find records
/// through the projection (`entities`, `show` by id prefix): what they answer must be what the
/// log and the views say, however the database was made (rebuilt, restored from a snapshot and
/// caught up).
@Suite("Kept rows and lookups through the projection")
struct KeptRowsTests {
    /// The kept tables' rows, as text, in key order.
    static func keptRows(_ reader: ProjectionReader) throws -> [String] {
        try Catalog.kept.flatMap { table in
            try reader.query("SELECT * FROM \(table.name) ORDER BY id").rows.map { "\(table.name) \($0)" }
        }
    }

    @Test("entities and lookups by id prefix equal a scan of the log", arguments: [1, 2, 3] as [UInt64])
    func entitiesAndPrefixesEqualTheLog(seed: UInt64) throws {
        let world = try OracleLedger(seed: seed)
        let ledger = Ledger(layout: world.log.layout)
        var scanned: [String: EntityInfo] = [:]
        var records: [Record] = []
        try world.log.forEachRecord { record in
            records.append(record)
            if let e = record.event.entity {
                scanned[e.id] = EntityInfo(
                    id: e.id, kind: e.kind, name: e.name, aliases: e.aliases, seq: record.seq, eventID: record.id)
            }
            return true
        }
        let entities = try ledger.entities()
        #expect(entities == scanned.values.sorted { $0.id < $1.id })
        #expect(!entities.isEmpty)
        for record in records {
            #expect(try ledger.record(String(record.id.prefix(16))).seq == record.seq, "seed \(seed)")
        }
        #expect(throws: LookupError.self) { try ledger.record("ev_zzzz") }
    }

    @Test("kept rows restored from a snapshot and caught up equal a rebuild", arguments: [1, 2, 3, 4] as [UInt64])
    func restoredAndCaughtUpEqualARebuild(seed: UInt64) throws {
        let world = try OracleLedger(seed: seed)
        let ledger = Ledger(layout: world.log.layout)
        // A snapshot halfway (the rest caught up after the restore) or at the end.
        let moment = ProjectionStore.Moment(knownAtSeq: seed % 2 == 0 ? world.lastSeq / 2 : world.lastSeq)
        _ = try ledger.createSnapshot(moment, name: "kept", force: true)
        _ = try ledger.restoreSnapshot("kept")
        let restored = try Self.keptRows(ledger.reader())
        try world.scratch.deleteLiveDatabase()
        let rebuilt = try Self.keptRows(ledger.reader())
        #expect(restored == rebuilt, "seed \(seed)")
        #expect(rebuilt.contains { $0.hasPrefix("claim_standing_now") })
        #expect(rebuilt.contains { $0.hasPrefix("ban_periods_now") })
    }
}
