import AnnalsCore
import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsProjection

@Suite("Rebuild, catch-up and replay agree")
struct ProjectionPropertyTests {
    /// Random events of every kind, referring to what came before, in batches with increasing
    /// recorded days. Corrections and retractions name earlier events by seq (resolved to ids).
    static func batches(seed: UInt64) -> [(day: String, events: [(ScratchLedger) throws -> String])] {
        var rng = SplitMix(state: seed)
        var batches: [(String, [(ScratchLedger) throws -> String])] = []
        var seq: Int64 = Int64(Ev.base.count)
        var claims: [String] = []
        // Bans in force: id, the date they take effect, and their seq (a retraction may end them).
        var bans: [(id: String, date: String, seq: Int64)] = []
        func startDay(_ date: String) -> String { date.count == 7 ? date + "-01" : date }
        var amendable: [Int64] = []  // seqs of events that are not themselves corrections or retractions
        let actors = ["org:a", "org:b", "org:c"]
        for b in 0..<8 {
            var events: [(ScratchLedger) throws -> String] = []
            for _ in 0..<Int.random(in: 2...9, using: &rng) {
                let date =
                    "202\(Int.random(in: 3...6, using: &rng))-\(String(format: "%02d", Int.random(in: 1...12, using: &rng)))"
                    + (Bool.random(using: &rng)
                        ? "-\(String(format: "%02d", Int.random(in: 1...28, using: &rng)))" : "")
                let actor = actors.randomElement(using: &rng)!
                let n = seq + 1
                var isAmendment = false
                switch Int.random(in: 0..<10, using: &rng) {
                case 0, 1, 2:
                    let new = claims.isEmpty || Int.random(in: 0..<3, using: &rng) == 0
                    let claim = new ? "claim:c\(n)" : claims.randomElement(using: &rng)!
                    if new { claims.append(claim) }
                    let (type, stance) = [
                        ("accusation", "asserts"), ("report", "reports"), ("response", "denies"),
                        ("response", "acknowledges"), ("response", "no-comment"),
                    ].randomElement(using: &rng)!
                    let source = "https://s\(Int.random(in: 0..<4, using: &rng)).org/\(n % 3)"
                    let e = Ev.stance(
                        type, date, actor: actor, claim: claim, stance, statement: new ? "Claim \(n)" : nil,
                        source: source)
                    events.append { _ in e }
                case 3:
                    bans.append(("ban:b\(n)", date, n))
                    let e = Ev.ban("ban:b\(n)", date, effective: Bool.random(using: &rng) ? date : nil)
                    events.append { _ in e }
                case 4 where !bans.isEmpty:
                    // A lift never takes effect before its ban, and a ban lifted in full is lifted no more.
                    let i = Int.random(in: bans.indices, using: &rng)
                    let full = Bool.random(using: &rng)
                    let liftDate = startDay(date) < startDay(bans[i].date) ? bans[i].date : date
                    let e = Ev.lift(bans[i].id, liftDate, scope: full ? "full" : "partial")
                    if full { bans.remove(at: i) }
                    events.append { _ in e }
                case 5 where !claims.isEmpty:
                    let e = Ev.assessment(
                        claims.randomElement(using: &rng)!, date,
                        ClaimStanding.allCases.randomElement(using: &rng)!.rawValue)
                    events.append { _ in e }
                case 6 where amendable.count > 2:
                    let target = amendable.randomElement(using: &rng)!
                    isAmendment = true
                    let newDate = "202\(Int.random(in: 3...6, using: &rng))-0\(Int.random(in: 1...9, using: &rng))"
                    events.append { ledger in
                        Ev.correction(
                            try ledger.id(ofSeq: target), date,
                            set: #"{"occurred":"\#(newDate)","title":"Corrected \#(target) \#(n)"}"#)
                    }
                case 7 where amendable.count > 2:
                    let target = amendable.randomElement(using: &rng)!
                    isAmendment = true
                    bans.removeAll { $0.seq == target }  // a retracted ban cannot be lifted
                    events.append { ledger in Ev.retraction(try ledger.id(ofSeq: target), date + "-x\(n)".prefix(0)) }
                default:
                    let e = Ev.release("model:a/one", date, by: actor).replacingOccurrences(
                        of: "Release model:a/one", with: "Release \(n)")
                    events.append { _ in e }
                }
                seq += 1
                if !isAmendment { amendable.append(seq) }
            }
            // Recorded after every date the events name (2023 to 2026).
            batches.append((String(format: "2027-%02d-01", b + 1), events))
        }
        return batches
    }

    @Test("rebuild == catch-up split anywhere == replay to the end", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func agree(seed: UInt64) throws {
        let ledger = try ScratchLedger()
        try ledger.append(Ev.base, recordedOn: "2025-12-01")
        _ = try ledger.live()
        var rng = SplitMix(state: seed &* 7919)
        for batch in Self.batches(seed: seed) {
            // Events of one batch are built after the previous ones are in the log (corrections name them).
            // Catch-up happens after a random number of batches: split points vary with the seed.
            var built: [String] = []
            for make in batch.events {
                built.append(try make(ledger))
                if built.count == 1 || Bool.random(using: &rng) {
                    // Retraction/correction targets must exist: append one event at a time.
                    try ledger.append(built, recordedOn: batch.day)
                    built = []
                }
            }
            if !built.isEmpty { try ledger.append(built, recordedOn: batch.day) }
            if Bool.random(using: &rng) { _ = try ledger.live() }
        }
        let incremental = try dump(ledger.live())
        try ledger.deleteLiveDatabase()
        let rebuilt = try dump(ledger.live())
        #expect(incremental == rebuilt)
        let replayed = try dump(ledger.replay(.init(asOf: try PartialDate.parse("9999"))))
        #expect(replayed == rebuilt)
        let last = try #require(try ledger.live().query("SELECT max(seq) FROM events").rows.first?.first)
        guard case .integer(let n) = last else {
            Issue.record("no events")
            return
        }
        #expect(try dump(ledger.replay(.init(knownAtSeq: n))) == rebuilt)
        #expect(!rebuilt.isEmpty && rebuilt.contains("claim_history"))
    }

    @Test func replayAtEverySeqMatchesALedgerCutThere() throws {
        // Known-at seq k must equal the live projection of a ledger that stopped at k.
        let full = try ScratchLedger()
        try full.append(Ev.base, recordedOn: "2025-12-01")
        var lines: [(String, String)] = []
        for batch in Self.batches(seed: 42).prefix(4) {
            for make in batch.events {
                let e = try make(full)
                try full.append([e], recordedOn: batch.day)
                lines.append((e, batch.day))
            }
        }
        let cut = try ScratchLedger()
        try cut.append(Ev.base, recordedOn: "2025-12-01")
        for (k, (e, day)) in lines.enumerated() {
            try cut.append([e], recordedOn: day)
            let seq = Int64(Ev.base.count + k + 1)
            #expect(try dump(full.replay(.init(knownAtSeq: seq))) == dump(cut.live()), "at seq \(seq)")
        }
    }
}
