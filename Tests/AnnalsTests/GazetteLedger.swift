import Annals
import AnnalsCore
import AnnalsTestSupport
import Foundation

/// A small ledger of a city's water dispute, made in-process for the use-case tests.
enum GazetteLedger {
    static let board = "gov:riverton-water-board"
    static let rates = "https://gazette.example/2021/rates"
    static let meeting = "https://gazette.example/2021/meeting"
    static let registry = "https://registry.example/riverton"
    static let rateQuote = "rates will rise by twelve percent"

    /// The board's registration, then a report on the rates and one on the council meeting.
    static let lines = [
        #"{"type":"entity","title":"Registers \#(board)","occurred":"2019","entity":{"id":"\#(board)","name":"Riverton Water Board"},"sources":[{"url":"\#(registry)"}]}"#,
        report(1, url: rates, quote: rateQuote),
        report(2, url: meeting, quote: "the council asked for an audit"),
    ]

    static func report(_ n: Int, url: String, quote: String) -> String {
        #"{"type":"report","title":"Water board report \#(n)","summary":"Report \#(n) on the water rates","occurred":"2021-03-0\#(n)","actors":[{"entity":"\#(board)","role":"actor"}],"sources":[{"url":"\#(url)","publisher":"Riverton Gazette","quote":"\#(quote)"}],"claims":[{"id":"claim:rates-rise","stance":"reports","statement":"Riverton's water rates rise"}]}"#
    }

    /// A new ledger at `folder` holding `lines`.
    static func make(at folder: ScratchFolder, lines: [String] = lines) throws -> Ledger {
        let ledger = try Ledger.create(at: folder.url.path)
        try append(lines, to: ledger)
        return ledger
    }

    static func append(_ lines: [String], to ledger: Ledger) throws {
        _ = try ledger.append(input: Array(lines.joined(separator: "\n").utf8), recorder: "water-desk")
    }

    /// The segment files of a ledger's `Events/`, by name.
    static func segments(of ledger: Ledger) throws -> [String: Data] {
        let events = ledger.layout.events
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: events) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: events + "/" + name))
        }
        return files
    }
}
