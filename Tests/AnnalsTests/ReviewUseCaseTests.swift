import Annals
import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

/// A repository whose revisions are saved copies of `Events/`, and whose changed files are given.
struct FakeRepository: LedgerRepository {
    var revisions: [String: [String: Data]]
    var changed: [String: [(status: Character, name: String)]] = [:]

    func checkout(revision: String, into dir: String) throws {
        guard let files = revisions[revision] else { throw GitError(message: "'\(revision)' is not a commit") }
        let events = try Ledger.create(at: dir).layout.events
        for (name, bytes) in files {
            try bytes.write(to: URL(fileURLWithPath: events + "/" + name))
        }
    }

    func changes(in folder: String, base: String, head: String) throws -> [(status: Character, name: String)] {
        changed[folder] ?? []
    }

    func materialize(_ folder: String, _ name: String, revision: String, to target: String) throws {
        throw GitError(message: "\(folder)/\(name) is not in this fake")
    }
}

@Suite("review use case, with a fake repository")
struct ReviewUseCaseTests {
    /// Revisions `v1` (the three water events), `v2` (v1 and one more report) and `rewritten`
    /// (other events from the start); the live ledger ends as `v2`.
    static func repository(in folder: ScratchFolder) throws -> (Ledger, FakeRepository) {
        let ledger = try GazetteLedger.make(at: folder)
        let v1 = try GazetteLedger.segments(of: ledger)
        try GazetteLedger.append(
            [GazetteLedger.report(3, url: "https://gazette.example/2021/audit", quote: "the audit found no fault")],
            to: ledger)
        let v2 = try GazetteLedger.segments(of: ledger)
        let other = ScratchFolder("annals-review-use-case")
        let rewritten = try GazetteLedger.make(
            at: other,
            lines: [GazetteLedger.lines[0], GazetteLedger.report(4, url: GazetteLedger.rates, quote: "other")])
        let repo = FakeRepository(revisions: [
            "v1": v1, "v2": v2, "rewritten": try GazetteLedger.segments(of: rewritten),
        ])
        return (ledger, repo)
    }

    struct Case: Sendable, CustomStringConvertible {
        var base: String
        var head: String
        /// Words the violation holds, or nil when the change is acceptable.
        var violation: String?
        var newRecords: Int
        var description: String { "\(base)..\(head)" }
    }

    static let cases = [
        Case(base: "v1", head: "v2", violation: nil, newRecords: 1),
        Case(base: "v1", head: "v1", violation: nil, newRecords: 0),
        Case(base: "v2", head: "v1", violation: "records from seq 4 on were deleted", newRecords: 0),
        Case(
            base: "v1", head: "rewritten", violation: "differs between BASE and HEAD: published history was edited",
            newRecords: 0),
    ]

    @Test(arguments: cases)
    func reviewsTwoRevisions(_ c: Case) throws {
        let folder = ScratchFolder("annals-review-use-case")
        let (ledger, repo) = try Self.repository(in: folder)
        let report = try ledger.review(base: c.base, head: c.head, repository: repo)
        if let words = c.violation {
            #expect(report.violation?.contains(words) == true, "\(report.violation ?? "no violation")")
            #expect(report.diff == nil)
        } else {
            #expect(report.violation == nil)
            #expect(report.diff != nil)
            #expect(report.consistency != nil)
        }
        #expect(report.newRecords.count == c.newRecords)
        #expect(report.newRecords.map(\.event.title) == (c.newRecords == 1 ? ["Water board report 3"] : []))
    }

    @Test(arguments: [("D", "deletes"), ("M", "changes")] as [(Character, String)])
    func refusesAPublishedCheckpointGoneOrChanged(_ status: Character, _ verb: String) throws {
        let folder = ScratchFolder("annals-review-use-case")
        var (ledger, repo) = try Self.repository(in: folder)
        repo.changed["Checkpoints"] = [(status, "riverton-3.txt")]
        let report = try ledger.review(base: "v1", head: "v2", repository: repo)
        #expect(report.violation == "HEAD \(verb) the published checkpoint Checkpoints/riverton-3.txt")
        #expect(report.headRecords == 4)
    }

    @Test func anUnknownRevisionIsAGitError() throws {
        let folder = ScratchFolder("annals-review-use-case")
        let (ledger, repo) = try Self.repository(in: folder)
        #expect(throws: GitError.self) { try ledger.review(base: "v1", head: "nowhere", repository: repo) }
    }
}
