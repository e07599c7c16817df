import Annals
import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

/// A fetcher that answers from a table, and notes what it was asked.
final class FakeFetcher: PageFetching, @unchecked Sendable {
    var answers: [String: Result<PageFetcher.Page, PageFetcher.Failure>]
    private(set) var asked: [String] = []

    init(_ answers: [String: Result<PageFetcher.Page, PageFetcher.Failure>]) { self.answers = answers }

    func fetch(_ url: String) -> Result<PageFetcher.Page, PageFetcher.Failure> {
        asked.append(url)
        return answers[url] ?? .failure(.network("no answer recorded for \(url)"))
    }

    /// A recorded HTML page for `url` saying `text`, reached through `redirects` hops.
    static func page(_ url: String, saying text: String, redirects: Int = 0) -> Result<
        PageFetcher.Page, PageFetcher.Failure
    > {
        let fetched = Timestamp(secondsSinceEpoch: 1_700_000_000)
        let hops = (0..<redirects).map { i in
            PageFetcher.Redirect(
                url: url + "?hop=\(i)", status: 301, headers: [("Location", url)], ip: "192.0.2.7", fetched: fetched,
                request: Array("GET /?hop=\(i) HTTP/1.1\r\n\r\n".utf8))
        }
        return .success(
            PageFetcher.Page(
                url: url, finalURL: url, status: 200, headers: [("Content-Type", "text/html; charset=utf-8")],
                body: Array("<html><body><p>Officials said \(text) next year.</p></body></html>".utf8),
                ip: "192.0.2.7", fetched: fetched, request: Array("GET / HTTP/1.1\r\n\r\n".utf8), redirects: hops))
    }
}

@Suite("capture use case, with a fake fetcher")
struct CaptureUseCaseTests {
    /// What the fake answers for the meeting page, and what the report must then say of it.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var meeting: Result<PageFetcher.Page, PageFetcher.Failure>
        /// Quotes found on the meeting page when it is captured; nil when it fails with this reason.
        var found: Int?
        var failure: PageFetcher.Failure?
        var description: String { name }
    }

    static let refusal = PageFetcher.Failure.refusedRedirect(
        to: "'ftp://gazette.example/x'", why: "only http and https are followed")

    static let cases: [Case] = [
        Case(
            name: "recorded page with its quote",
            meeting: FakeFetcher.page(GazetteLedger.meeting, saying: "the council asked for an audit"), found: 1),
        Case(
            name: "page after two redirects, quote absent",
            meeting: FakeFetcher.page(GazetteLedger.meeting, saying: "nothing of note", redirects: 2), found: 0),
        Case(name: "refused redirect", meeting: .failure(refusal), failure: refusal),
        Case(name: "timeout", meeting: .failure(.timeout(seconds: 3)), failure: .timeout(seconds: 3)),
    ]

    @Test(arguments: cases)
    func capturesWhatAnswersAndReportsTheRest(_ c: Case) throws {
        let folder = ScratchFolder("annals-capture-use-case")
        let ledger = try GazetteLedger.make(at: folder)
        let before = try ledger.logState().seq
        let fetcher = FakeFetcher([
            GazetteLedger.rates: FakeFetcher.page(GazetteLedger.rates, saying: GazetteLedger.rateQuote),
            GazetteLedger.meeting: c.meeting,
            GazetteLedger.registry: .failure(.unresolved(host: "registry.example")),
        ])
        let report = try ledger.capture(.all, archiveURLs: [:], fetcher: fetcher, recorder: "water-desk")

        #expect(Set(fetcher.asked) == [GazetteLedger.rates, GazetteLedger.meeting, GazetteLedger.registry])
        #expect(fetcher.asked.count == 3)
        let captured = Dictionary(uniqueKeysWithValues: report.captured.map { ($0.spec.url, $0) })
        #expect(captured[GazetteLedger.rates]?.quotesFound == 1)
        #expect(captured[GazetteLedger.rates]?.quotes == 1)
        #expect(captured[GazetteLedger.meeting]?.quotesFound == c.found)
        let failed = Dictionary(uniqueKeysWithValues: report.failed.map { ($0.url, $0.reason) })
        #expect(failed[GazetteLedger.registry] == .unresolved(host: "registry.example"))
        #expect(failed[GazetteLedger.meeting] == c.failure)
        // One capture event per captured page, appended in one batch, each with its id.
        #expect(try ledger.logState().seq == before + Int64(report.captured.count))
        #expect(report.captured.allSatisfy { $0.eventID != nil })
        let warc = try #require(report.warcFile)
        #expect(FileManager.default.fileExists(atPath: ledger.layout.root + "/" + warc))
    }

    @Test func nothingAnsweredLeavesTheLogAsItWas() throws {
        let folder = ScratchFolder("annals-capture-use-case")
        let ledger = try GazetteLedger.make(at: folder)
        let segments = try GazetteLedger.segments(of: ledger)
        let fetcher = FakeFetcher([:])
        let report = try ledger.capture(.all, archiveURLs: [:], fetcher: fetcher, recorder: "water-desk")
        #expect(report.captured.isEmpty)
        #expect(report.failed.count == 3)
        #expect(report.warcFile == nil)
        #expect(try GazetteLedger.segments(of: ledger) == segments)
    }

    @Test func missingAsksOnlyForPagesNotCapturedYet() throws {
        let folder = ScratchFolder("annals-capture-use-case")
        let ledger = try GazetteLedger.make(at: folder)
        let first = FakeFetcher([
            GazetteLedger.rates: FakeFetcher.page(GazetteLedger.rates, saying: GazetteLedger.rateQuote)
        ])
        _ = try ledger.capture(.all, archiveURLs: [:], fetcher: first, recorder: "water-desk")
        let second = FakeFetcher([:])
        let report = try ledger.capture(.missing, archiveURLs: [:], fetcher: second, recorder: "water-desk")
        #expect(Set(second.asked) == [GazetteLedger.meeting, GazetteLedger.registry])
        #expect(report.failed.count == 2)
    }

    @Test func refusesAURLNoEventCites() throws {
        let folder = ScratchFolder("annals-capture-use-case")
        let ledger = try GazetteLedger.make(at: folder)
        let fetcher = FakeFetcher([:])
        #expect(throws: SourcesError.self) {
            try ledger.capture(
                .urls(["https://elsewhere.example/"]), archiveURLs: [:], fetcher: fetcher, recorder: "water-desk")
        }
        #expect(fetcher.asked.isEmpty)
    }
}
