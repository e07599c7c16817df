import AnnalsCore
import Foundation
import Testing

@testable import AnnalsProjection

@Suite("Projection rules on hand-written cases")
struct ProjectionRulesTests {
    func standing(_ reader: ProjectionReader, _ claim: String) throws -> String {
        let t = try reader.query("SELECT standing FROM claim_standing WHERE id = '\(claim)'")
        return t.rows.first?.first?.text ?? "missing"
    }

    @Test(
        "claim standing follows the documented rules",
        arguments: [
            ([("accusation", "asserts", "org:a", "https://a.org/1")], "alleged"),
            (
                [("report", "reports", "org:a", "https://a.org/1"), ("report", "reports", "org:b", "https://b.org/1")],
                "alleged"
            ),
            (
                [
                    ("accusation", "asserts", "org:a", "https://a.org/1"),
                    ("accusation", "asserts", "org:b", "https://b.org/1"),
                ], "corroborated"
            ),
            (
                [
                    ("accusation", "asserts", "org:a", "https://a.org/1"),
                    ("accusation", "asserts", "org:b", "https://a.org/1"),
                ], "alleged"
            ),
            (
                [
                    ("accusation", "asserts", "org:a", "https://a.org/1"),
                    ("accusation", "asserts", "org:b", "https://b.org/1"),
                    ("response", "denies", "org:c", "https://c.org/1"),
                ], "disputed"
            ),
            (
                [
                    ("accusation", "asserts", "org:a", "https://a.org/1"),
                    ("response", "denies", "org:c", "https://c.org/1"),
                    ("response", "acknowledges", "org:c", "https://c.org/2"),
                ], "confirmed"
            ),
            ([("response", "denies", "org:c", "https://c.org/1")], "disputed"),
            (
                [
                    ("accusation", "asserts", "org:a", "https://a.org/1"),
                    ("response", "no-comment", "org:c", "https://c.org/1"),
                ], "alleged"
            ),
        ] as [([(String, String, String, String)], String)])
    func standingRules(_ stances: [(String, String, String, String)], _ expected: String) throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        let events = stances.enumerated().map { i, s in
            Ev.stance(
                s.0, "2025-0\(i + 1)-01", actor: s.2, claim: "claim:x", s.1, statement: i == 0 ? "X happened" : nil,
                source: s.3)
        }
        try ledger.append(events)
        #expect(try standing(ledger.live(), "claim:x") == expected)
    }

    @Test func latestAssessmentWinsAndRetractionsDropStances() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        try ledger.append([
            Ev.stance("accusation", "2025-01-01", actor: "org:a", claim: "claim:x", "asserts", statement: "X"),
            Ev.stance("response", "2025-02-01", actor: "org:b", claim: "claim:x", "denies"),
        ])
        #expect(try standing(ledger.live(), "claim:x") == "disputed")
        let denial = try ledger.id(ofSeq: 8)
        try ledger.append([Ev.retraction(denial, "2025-03-01")])
        #expect(try standing(ledger.live(), "claim:x") == "alleged")
        try ledger.append([
            Ev.assessment("claim:x", "2025-06-01", "refuted"), Ev.assessment("claim:x", "2025-05-01", "confirmed"),
        ])
        // The later assessment in valid time wins, whatever the order it was recorded in.
        #expect(try standing(ledger.live(), "claim:x") == "refuted")
        // As of 2025-05-15 only the first assessment had been made.
        #expect(try standing(ledger.replay(.init(asOf: try PartialDate.parse("2025-05-15"))), "claim:x") == "confirmed")
        // As of 2025-02-15 the denial stood: the retraction (recorded later) is applied only as known then.
        #expect(
            try standing(ledger.replay(.init(asOf: try PartialDate.parse("2025-02-15"), knownAtSeq: 8)), "claim:x")
                == "disputed")
    }

    @Test func lateRecordedEventsTakeTheirValidTimePlace() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base, recordedOn: "2025-01-01")
        try ledger.append(
            [Ev.ban("ban:one", "2025-03-01"), Ev.ban("ban:three", "2025-09-01")], recordedOn: "2025-10-01")
        try ledger.append([Ev.ban("ban:two", "2025-06-01")], recordedOn: "2025-12-01")
        let live = try ledger.live().timeline()
        #expect(live.map(\.title) == ["Ban ban:one", "Ban ban:two", "Ban ban:three"])
        // Known at 2025-11-01, the ledger did not know of ban:two yet.
        let before = try ledger.replay(.init(knownAt: try Timestamp.parse("2025-11-01"))).timeline()
        #expect(before.map(\.title) == ["Ban ban:one", "Ban ban:three"])
        let asOf = try ledger.replay(.init(asOf: try PartialDate.parse("2025-07"))).timeline()
        #expect(asOf.map(\.title) == ["Ban ban:one", "Ban ban:two"])
    }

    @Test func partialDatesCountFromTheStartOfTheirPeriod() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        try ledger.append([
            Ev.ban("ban:month", "2025-11"), Ev.ban("ban:year", "2024"), Ev.lift("ban:year", "2025-02", scope: "full"),
        ])
        let reader = try ledger.live()
        func active(_ day: String) throws -> [String] {
            try reader.bans(activeOn: try PartialDate.parse(day)).map(\.id)
        }
        #expect(try active("2025-10-31") == [])
        #expect(try active("2025-11-01") == ["ban:month"])
        #expect(try active("2024-01-01") == ["ban:year"])
        #expect(try active("2025-01-31") == ["ban:year"])
        #expect(try active("2025-02-01") == [])
        #expect(
            try reader.query("SELECT occurred_start, occurred_end FROM events WHERE occurred = '2025-11'").rows.first
                == [.text("2025-11-01"), .text("2025-11-30")])
    }

    @Test func partialLiftsRelaxAndFullLiftsEndBans() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        try ledger.append([
            Ev.ban("ban:x", "2025-01-01", effective: "2025-02-01"), Ev.lift("ban:x", "2025-05-01", scope: "partial"),
            Ev.lift("ban:x", "2025-09-01", scope: "full"),
        ])
        let reader = try ledger.live()
        #expect(try reader.bans(activeOn: try PartialDate.parse("2025-01-15")).isEmpty)
        #expect(try reader.bans(activeOn: try PartialDate.parse("2025-03-01")).first?.status == "in force")
        #expect(try reader.bans(activeOn: try PartialDate.parse("2025-06-01")).first?.status == "relaxed")
        #expect(try reader.bans(activeOn: try PartialDate.parse("2025-09-01")).isEmpty)
        #expect(try reader.bans().first?.status == "lifted")
    }

    @Test func correctionsApplyInPlaceAndMoveEventsInValidTime() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        try ledger.append([Ev.release("model:a/one", "2025-08-01", by: "org:a")])
        let release = try ledger.id(ofSeq: 7)
        try ledger.append([
            Ev.correction(release, "2025-09-15", set: #"{"occurred":"2025-03-01","title":"Alpha One released"}"#)
        ])
        let live = try ledger.live()
        let row = try live.query("SELECT title, occurred, status, amended_by FROM events WHERE seq = 7").rows.first
        #expect(row == [.text("Alpha One released"), .text("2025-03-01"), .text("corrected"), .integer(8)])
        // As of 2025-04, the corrected date puts the release in; known before the correction, it is out.
        #expect(try ledger.replay(.init(asOf: try PartialDate.parse("2025-04"))).releases().count == 1)
        #expect(try ledger.replay(.init(asOf: try PartialDate.parse("2025-04"), knownAtSeq: 7)).releases().isEmpty)
        #expect(try live.search("released").count == 1)
    }

    @Test func readOnlyQueryRefusesWrites() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        let reader = try ledger.live()
        for sql in [
            "DELETE FROM events", "ATTACH 'x.db' AS x", "PRAGMA writable_schema = 1", "SELECT load_extension('x')",
            "INSERT INTO meta VALUES ('a','b')", "SELECT 1; DELETE FROM events", "CREATE TABLE t(x)", "VACUUM",
        ] {
            #expect(throws: ProjectionError.self, "\(sql)") { try reader.query(sql) }
        }
        #expect(try reader.query("SELECT count(*) FROM entities").rows == [[.integer(6)]])
        #expect(try reader.query("WITH x AS (SELECT 1 AS n) SELECT n FROM x").rows == [[.integer(1)]])
    }
}

@Suite("Review findings stay fixed")
struct ReviewFindingTests {
    @Test func reportsCitingOtherSourcesDoNotCorroborateTwoAssertionsFromOneSource() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        try ledger.append([
            Ev.stance(
                "accusation", "2025-01-01", actor: "org:a", claim: "claim:x", "asserts", statement: "X",
                source: "https://same.org/1"),
            Ev.stance(
                "accusation", "2025-01-02", actor: "org:b", claim: "claim:x", "asserts", source: "https://same.org/1"),
            Ev.stance(
                "report", "2025-01-03", actor: "org:c", claim: "claim:x", "reports", source: "https://other.org/2"),
        ])
        #expect(try ledger.live().query("SELECT standing FROM claim_standing").rows == [[.text("alleged")]])
    }

    @Test func asOfReplaysKeepTheStatementOfAClaimIntroducedLater() throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base)
        // The event that gives the statement happened later than the one that only refers to it.
        try ledger.append([
            Ev.stance("accusation", "2025-06-01", actor: "org:a", claim: "claim:x", "asserts", statement: "X happened")
        ])
        try ledger.append([Ev.stance("report", "2025-01-01", actor: "org:b", claim: "claim:x", "reports")])
        let early = try ledger.replay(.init(asOf: try PartialDate.parse("2025-03-01")))
        #expect(try early.query("SELECT statement FROM claims").rows == [[.text("X happened")]])
    }
}
