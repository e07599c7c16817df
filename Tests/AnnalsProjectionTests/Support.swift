import AnnalsCore
import AnnalsStore
import AnnalsTestSupport
import Foundation
import GRDB
import Testing

@testable import AnnalsProjection

/// A ledger in a temporary directory, appended to through the library with a controlled clock.
final class ScratchLedger {
    private let folder = ScratchFolder("annals-projection")
    var url: URL { folder.url }
    let log: EventLog

    init() throws {
        log = EventLog(layout: try LedgerLayout.create(at: folder.url.path))
    }

    /// Set to leave the ledger on disk after the test (to reproduce a failure with the CLI).
    var keep: Bool {
        get { folder.keep }
        set { folder.keep = newValue }
    }

    static let src = #""sources":[{"url":"https://example.org/a","publisher":"Example"}]"#

    /// Appends events (JSON objects) as one batch recorded at `day` (YYYY-MM-DD).
    @discardableResult
    func append(_ events: [String], recordedOn day: String = "2026-01-01") throws -> EventLog.AppendOutcome {
        try log.append(TestEvents.source(events, label: "item"), recorder: "tests", now: try Timestamp.parse(day))
    }

    func live() throws -> ProjectionReader {
        _ = try ProjectionStore.catchUp(log)
        return try ProjectionStore.openReader(log.layout)
    }

    func replay(_ moment: ProjectionStore.Moment) throws -> ProjectionReader {
        try ProjectionStore.replay(log, moment: moment)
    }

    func deleteLiveDatabase() throws {
        try FileManager.default.removeItem(atPath: ProjectionStore.path(log.layout))
    }

    func id(ofSeq seq: Int64) throws -> String { try #require(try log.record(seq: seq)).id }
}

/// Every row of every projected table, in a fixed order: equal dumps mean equal states.
func dump(_ reader: ProjectionReader) throws -> String {
    try reader.read { db in
        var out = ""
        let tables = try String.fetchAll(
            db,
            sql:
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE "
                + "'search%' AND name <> 'meta' ORDER BY name"
        )
        for table in tables + ["search"] {
            let columns = table == "search" ? "rowid, title, summary, quotes" : "*"
            let count = try Row.fetchOne(db, sql: "SELECT \(columns) FROM \(table) LIMIT 1")?.count ?? 1
            let order = (1...count).map(String.init).joined(separator: ", ")
            for row in try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY \(order)") {
                out += table + " " + row.description + "\n"
            }
        }
        return out
    }
}

enum Ev {
    static let src = ScratchLedger.src
    static func entity(_ id: String, _ name: String) -> String {
        #"{"type":"entity","title":"Registers \#(name)","occurred":"2020","entity":{"id":"\#(id)","name":"\#(name)"},\#(src)}"#
    }
    static func stance(
        _ type: String, _ date: String, actor: String, claim: String, _ stance: String, statement: String? = nil,
        source: String = "https://example.org/a"
    ) -> String {
        let st = statement.map { #","statement":"\#($0)""# } ?? ""
        return
            #"{"type":"\#(type)","title":"\#(type) \#(claim) \#(stance) \#(date) \#(actor)","occurred":"\#(date)","actors":[{"entity":"\#(actor)","role":"r"}],"claims":[{"id":"\#(claim)","stance":"\#(stance)"\#(st)}],"sources":[{"url":"\#(source)"}]}"#
    }
    static func ban(_ id: String, _ date: String, effective: String? = nil) -> String {
        let eff = effective.map { #","effective":"\#($0)""# } ?? ""
        return
            #"{"type":"ban","title":"Ban \#(id)","occurred":"\#(date)","ban":{"id":"\#(id)","authority":"gov:us","targets":["country:cn"],"items":["chips"]\#(eff)},\#(src)}"#
    }
    static func lift(_ ban: String, _ date: String, scope: String) -> String {
        #"{"type":"ban-lifted","title":"Lift \#(ban) \#(date)","occurred":"\#(date)","lifts":{"ban":"\#(ban)","scope":"\#(scope)"},\#(src)}"#
    }
    static func correction(_ event: String, _ date: String, set: String) -> String {
        #"{"type":"correction","title":"Correction of \#(event)","occurred":"\#(date)","amends":{"event":"\#(event)","reason":"the sources were wrong","set":\#(set)},\#(src)}"#
    }
    static func retraction(_ event: String, _ date: String) -> String {
        #"{"type":"retraction","title":"Retraction of \#(event)","occurred":"\#(date)","amends":{"event":"\#(event)","reason":"not supported"},\#(src)}"#
    }
    static func assessment(_ claim: String, _ date: String, _ status: String) -> String {
        #"{"type":"claim-status","title":"Assessment \#(claim) \#(status)","occurred":"\#(date)","assessment":{"claim":"\#(claim)","status":"\#(status)"},\#(src)}"#
    }
    static func release(_ product: String, _ date: String, by org: String) -> String {
        #"{"type":"release","title":"Release \#(product)","occurred":"\#(date)","actors":[{"entity":"\#(org)","role":"developer"}],"release":{"product":"\#(product)"},\#(src)}"#
    }
    static let base = [
        entity("gov:us", "US government"), entity("country:cn", "China"), entity("org:a", "Alpha"),
        entity("org:b", "Beta"), entity("org:c", "Gamma"), entity("model:a/one", "Alpha One"),
    ]
}
