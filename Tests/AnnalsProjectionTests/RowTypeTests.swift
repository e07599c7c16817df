import AnnalsCore
import GRDB
import Testing

@testable import AnnalsProjection

/// The typed rows agree with the schema: a column renamed in a table or view fails here (or in
/// the reader's own check) instead of printing blanks.
@Suite("Typed rows")
struct RowTypeTests {
    /// Every whole-row type, with the table or view it is a row of.
    static let tableRows: [(table: String, columns: [String])] = [
        (EventRow.databaseTableName, EventRow.columnNames),
        ("standing_events", EventRow.columnNames),
        (EventActorRow.databaseTableName, EventActorRow.columnNames),
        (EventSourceRow.databaseTableName, EventSourceRow.columnNames),
        (SourceRow.databaseTableName, SourceRow.columnNames),
        (EntityRow.databaseTableName, EntityRow.columnNames),
        (ClaimHistoryRow.databaseTableName, ClaimHistoryRow.columnNames),
        (ReleaseRow.databaseTableName, ReleaseRow.columnNames),
        (ClaimSummary.databaseTableName, ClaimSummary.columnNames),
        (BanPeriod.databaseTableName, BanPeriod.columnNames),
    ]

    /// A ledger with something in every table: stances with sources, an assessment, bans with a
    /// partial and a full lift, a release.
    func ledger() throws -> ScratchLedger {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        try ledger.append([
            Ev.stance("accusation", "2025-01-10", actor: "org:a", claim: "claim:x", "asserts", statement: "X"),
            Ev.stance("response", "2025-01-12", actor: "org:b", claim: "claim:x", "denies", source: "https://b.org/1"),
            Ev.assessment("claim:x", "2025-03-01", "refuted"),
            Ev.ban("ban:one", "2025-02-01"), Ev.lift("ban:one", "2025-04-01", scope: "partial"),
            Ev.ban("ban:two", "2025-02-15", effective: "2025-03-01"), Ev.lift("ban:two", "2025-05-01", scope: "full"),
            Ev.release("model:a/one", "2025-03-01", by: "org:a"),
        ])
        return ledger
    }

    @Test("each row type's coding keys are its table's columns, in order", arguments: tableRows)
    func tableRowsHaveTheSchemasColumns(table: String, columns: [String]) throws {
        let reader = try ledger().live()
        #expect(try reader.read { db in try db.columns(in: table).map(\.name) } == columns)
    }

    @Test func everyQuestionDecodesIntoItsRowType() throws {
        let reader = try ledger().live()
        #expect(try reader.timeline().count == 8)
        #expect(try reader.claims().map(\.standing) == ["refuted"])
        let (summary, history) = try reader.claim("claim:x")
        #expect(summary.basis == "assessed" && summary.assertions == 1 && summary.denials == 1)
        #expect(history.map(\.stance) == ["asserts", "denies", "refuted"])
        #expect(try reader.bans().map(\.status) == ["relaxed", "lifted"])
        #expect(
            try reader.bans(activeOn: try PartialDate.parse("2025-03-15")).map(\.status) == ["in force", "in force"])
        #expect(try reader.releases().map(\.organisation) == ["org:a"])
        #expect(try reader.search("ban").count == 4)
        let site = try reader.siteRows()
        #expect(site.events.count == 8 && site.actors.count == 3 && site.stances.count == 3)
        #expect(site.sources.count == 14 && site.entities.count == 6 && site.claims.count == 1)
        #expect(site.bans.map(\.partialLifts) == [1, 0] && site.lifts.map(\.scope) == ["partial", "full"])
    }

    @Test func tablesBuiltFromTypedRowsEqualTheUntypedQuery() throws {
        // `query` opens the database file again (a connection of its own): the ledger must outlive it.
        let scratch = try ledger()
        let reader = try scratch.live()
        func expectEqual(_ typed: ResultTable, _ sql: String) throws {
            let untyped = try reader.query(sql)
            #expect(typed.columns == untyped.columns)
            #expect(typed.rows == untyped.rows)
        }
        try expectEqual(
            ResultTable(try reader.timeline()),
            "SELECT occurred, type, title, actors, main_source, main_url, id, seq, status FROM timeline "
                + "ORDER BY occurred_sort, seq")
        try expectEqual(
            ResultTable(try reader.claims(), columns: ClaimSummary.listColumns),
            "SELECT id, standing, basis, assertions, reports, denials, acknowledgements, no_comments, "
                + "evidence_sources, first_occurred, latest_occurred, statement FROM claim_standing")
        try expectEqual(ResultTable([try reader.claim("claim:x").summary]), "SELECT * FROM claim_standing")
        // Bans carry their targets and items as arrays; as cells they are ban_periods' flattened strings.
        try expectEqual(
            ResultTable(try reader.bans()),
            "SELECT imposed, lifted, CASE WHEN lifted IS NOT NULL THEN 'lifted' WHEN partial_lifts > 0 THEN 'relaxed' "
                + "ELSE 'in force' END AS status, id, authority, targets, items, title "
                + "FROM ban_periods ORDER BY imposed, id"
        )
        try expectEqual(
            ResultTable(try reader.releases()),
            "SELECT occurred, organisation, product, product_name, version, title, event_id FROM release_list")
    }

    @Test func aQueryWhoseColumnsDifferFromTheRowTypeIsRefused() throws {
        let reader = try ledger().live()
        // main_source is optional: decoded without the check, a renamed column would read as nil.
        #expect(throws: ProjectionError.self) {
            try reader.read { db in
                let _: [TimelineEntry] = try ProjectionReader.rows(
                    db,
                    "SELECT occurred, type, title, actors, main_source AS source, main_url, id, seq, status "
                        + "FROM timeline")
            }
        }
    }

    @Test func snapshotRowsDecodeAsTheDatabaseRows() throws {
        let reader = try ledger().live()
        var lines: [String: [JSONObject]] = [:]
        try SnapshotRows.forEachLine(reader) { line, table in
            lines[table, default: []].append(try SnapshotDiff.line(line).values)
        }
        func check<Row: TableRow & Equatable>(_: Row.Type) throws {
            let stored = try reader.read { db in try Row.fetchAll(db) }
            let decoded = try (lines[Row.databaseTableName] ?? []).map { try Row(snapshotRow: $0) }
            #expect(!stored.isEmpty && decoded.count == stored.count, "\(Row.self)")
            #expect(stored.allSatisfy { decoded.contains($0) }, "\(Row.self)")
        }
        try check(EventRow.self)
        try check(EventActorRow.self)
        try check(EventSourceRow.self)
        try check(SourceRow.self)
        try check(EntityRow.self)
        try check(ClaimHistoryRow.self)
        try check(ReleaseRow.self)
        try check(ClaimSummary.self)
        try check(BanPeriod.self)
    }
}
