import Annals
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsTestSupport
import Foundation

/// A random ledger for the moment oracle, built from a seed (so a failure can be replayed):
/// several batches recorded on increasing days, each event occurring at a random time before its
/// batch (often long before, so valid-time order differs from log order), of every kind the
/// projection treats differently: stances of every kind (first-hand, reported, denied,
/// acknowledged, no comment), assessments, bans with and without `effective` (some scheduled
/// after they are recorded), partial and full lifts with and without `effective`, releases,
/// entities registered late with aliases (and actors named by those aliases), corrections that
/// move an event in valid time or change its title, summary, certainty, actors or sources, and
/// retractions (of bans, full lifts, stances, corrections' targets…). Every event is accepted
/// by the validator: the generator keeps what the rules need (claims and their statements, bans
/// in force and their first day, which events may be amended).
final class OracleLedger {
    struct Batch {
        var recorded: Timestamp
        var firstSeq: Int64
        var lastSeq: Int64
    }

    private struct BanState {
        var id: String
        var start: String  // the first day of the ban (YYYY-MM-DD), as the lift rule reads it
        var retracted = false
        var liftedInFull = false
        var fullLiftEvent: String?
    }

    private struct Org {
        var id: String
        var names: [String]  // the name and aliases an actor may be given as
    }

    /// When true, one URL is cited with different publishers, titles and dates by different
    /// events: the `sources` row then depends on which citation comes first among the events
    /// a moment shows (see the suite's notes).
    static let sourceMetadataVaries = true

    static let words = ["distillation", "smuggling", "blackwell", "export", "tariff", "denial", "weights", "gpu"]
    static let types = [
        "accusation", "report", "response", "announcement", "ban", "ban-lifted", "claim-status", "correction",
        "retraction", "release", "entity",
    ]

    let scratch: ScratchLedger
    var log: EventLog { scratch.log }
    private(set) var batches: [Batch] = []
    private(set) var claimIDs: [String] = []
    private(set) var entityIDs: [String] = []
    /// Every date written in the log (occurred, effective, corrected dates), for moments and
    /// filters that fall exactly on one.
    private(set) var dates: [String] = []
    private(set) var lastSeq: Int64 = 0

    private var rng: SplitMix
    private var n = 0
    private var recorded = Timestamp(secondsSinceEpoch: 0)
    private var statements: [String: String] = [:]
    private var bans: [BanState] = []
    private var orgs: [Org] = []
    private var products: [String] = []
    private var amendable: [String] = []  // appended events a correction may name
    private var retractable: [String] = []  // appended events a retraction may name (not registrations)
    private var banOfEvent: [String: String] = [:]
    private var fullLiftOfEvent: [String: String] = [:]
    private var pending: [(value: JSONValue, appended: (String) -> Void)] = []

    static let start = try! Timestamp.parse("2023-01-01").secondsSinceEpoch
    static let day: Int64 = 86_400

    init(seed: UInt64, batches count: Int = 6) throws {
        scratch = try ScratchLedger()
        rng = SplitMix(state: seed)
        if seed % 2 == 1 { scratch.log.segmentLimit = 4096 }  // several segments: reads cross files
        var clock = try Timestamp.parse("2024-01-15T08:00:00Z").secondsSinceEpoch
        for b in 0..<count {
            clock += Int64.random(in: 0..<Self.day, using: &rng)
            recorded = Timestamp(secondsSinceEpoch: clock)
            let first = lastSeq + 1
            if b == 0 { registerBaseEntities() }
            for _ in 0..<Int.random(in: 6...10, using: &rng) {
                addRandomEvent()
                // Appended in chunks of a few events (fewer fsyncs); amendments name events appended before.
                if pending.count >= Int.random(in: 2...6, using: &rng) { try flush() }
            }
            try flush()
            batches.append(Batch(recorded: recorded, firstSeq: first, lastSeq: lastSeq))
            clock += Int64.random(in: 30...200, using: &rng) * Self.day
        }
    }

    /// A copy of the ledger holding its first `seq` records, byte for byte (segment files copied
    /// and the last one cut after the record): what the ledger was when record `seq` was appended.
    func cut(upTo seq: Int64) throws -> ScratchLedger {
        let copy = try ScratchLedger()
        for name in try log.segmentNames() {
            guard let first = Int64(name.dropLast(".jsonl".count)), first <= seq else { break }
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: log.layout.events + "/" + name)))
            var lines = seq - first + 1
            var end = 0
            while end < bytes.count && lines > 0 {
                if bytes[end] == UInt8(ascii: "\n") { lines -= 1 }
                end += 1
            }
            try Data(bytes[..<end]).write(to: URL(fileURLWithPath: copy.log.layout.events + "/" + name))
        }
        return copy
    }

    // MARK: Appending

    private func flush() throws {
        guard !pending.isEmpty else { return }
        let items = pending.enumerated().map {
            BatchValidator.Item(location: "item \($0.offset + 1)", value: $0.element.value)
        }
        let outcome = try log.append({ body in for i in items { try body(i) } }, recorder: "oracle", now: recorded)
        guard outcome.appended.count == pending.count else {
            throw OracleLedgerError(problem: "\(outcome.duplicates.count) generated events were duplicates")
        }
        for (p, a) in zip(pending, outcome.appended) {
            p.appended(a.id)
            lastSeq = a.seq
        }
        pending = []
    }

    private func add(
        _ event: JSONObject, amendable canAmend: Bool = true, appended: @escaping (String) -> Void = { _ in }
    ) {
        let retractableType = event["type"]?.stringValue != "entity"
        pending.append(
            (
                .object(event),
                { [unowned self] id in
                    if canAmend {
                        amendable.append(id)
                        if retractableType { retractable.append(id) }
                    }
                    appended(id)
                }
            ))
    }

    // MARK: Dates

    private func random(_ range: ClosedRange<Int64>) -> Int64 { Int64.random(in: range, using: &rng) }

    /// A moment before the batch's recording time: often recent, often long before.
    private func pastSeconds(from: Int64 = OracleLedger.start) -> Int64 {
        let now = recorded.secondsSinceEpoch
        guard from < now else { return now }
        if Int.random(in: 0..<3, using: &rng) == 0 { return random(max(from, now - 60 * Self.day)...now) }
        return random(from...now)
    }

    /// A date written at a random precision (year, month, day or timestamp); its period starts
    /// at or before `seconds` and ends at or after it.
    private func written(_ seconds: Int64) -> String {
        let full = Timestamp(secondsSinceEpoch: seconds).description
        let precision = [4, 7, 7, 10, 10, 10, 10, 10, full.count].randomElement(using: &rng)!
        let date = String(full.prefix(precision))
        dates.append(date)
        return date
    }

    private func dayOf(_ seconds: Int64) -> String {
        let date = String(Timestamp(secondsSinceEpoch: seconds).description.prefix(10))
        dates.append(date)
        return date
    }

    private func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &rng) < percent }

    // MARK: Parts

    private func word() -> String { Self.words.randomElement(using: &rng)! }

    private func next() -> Int {
        n += 1
        return n
    }

    private func actorRef() -> JSONValue {
        let org = orgs.randomElement(using: &rng)!
        let ref = chance(60) ? org.id : org.names.randomElement(using: &rng)!
        let role = ["accuser", "accused", "developer", "spokesperson"][n % 4]
        return .object(["entity": .string(ref), "role": .string(role)])
    }

    private func actors() -> JSONValue {
        .array((0..<Int.random(in: 1...2, using: &rng)).map { _ in actorRef() })
    }

    private func sources() -> JSONValue {
        let urls = (0..<5).flatMap { k in ["a", "b"].map { "https://news\(k).example/\($0)" } }
        var list: [JSONValue] = []
        for url in urls.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng)) {
            var s: JSONObject = [:]
            if chance(85) { s["url"] = .string(url) }
            let publishers = Self.sourceMetadataVaries ? ["Wire", "Gazette", "Herald"] : ["Wire"]
            if s["url"] == nil || chance(70) {
                s["publisher"] = .string(publishers.randomElement(using: &rng)!)
                s["title"] = .string("On \(Self.sourceMetadataVaries ? word() : "it")")
            }
            if Self.sourceMetadataVaries && chance(50) { s["published"] = .string(dayOf(pastSeconds())) }
            if chance(40) { s["quote"] = .string("They said \(word()) and \(word()).") }
            list.append(.object(s))
        }
        return .array(list)
    }

    private func base(_ type: String, _ title: String) -> JSONObject {
        var e: JSONObject = [
            "type": .string(type), "title": .string(title), "occurred": .string(written(pastSeconds())),
            "sources": sources(),
        ]
        if chance(30) { e["summary"] = .string("Why it matters: \(word()) \(word()).") }
        if chance(15) { e["certainty"] = .string(["alleged", "disputed", "confirmed"].randomElement(using: &rng)!) }
        return e
    }

    // MARK: Events

    private func registerBaseEntities() {
        let base: [(String, String, [String])] = [
            ("gov:us", "US government", ["USG"]), ("gov:eu", "European Union", ["EU"]),
            ("country:cn", "China", ["PRC"]), ("org:a", "Alpha", ["Alpha Labs", "ALP"]), ("org:b", "Beta", ["Beta AI"]),
            ("org:c", "Gamma", []), ("model:a/one", "Alpha One", []), ("chip:b/x1", "Beta X1", ["X1"]),
            ("product:c/app", "Gamma App", []),
        ]
        for (id, name, aliases) in base { register(id, name, aliases) }
    }

    private func register(_ id: String, _ name: String, _ aliases: [String]) {
        var e = base("entity", "Registers \(name)")
        var spec: JSONObject = ["id": .string(id), "name": .string(name)]
        if !aliases.isEmpty { spec["aliases"] = .array(aliases.map { .string($0) }) }
        e["entity"] = .object(spec)
        entityIDs.append(id)
        if id.hasPrefix("org:") { orgs.append(Org(id: id, names: [name] + aliases)) }
        if id.hasPrefix("model:") || id.hasPrefix("chip:") || id.hasPrefix("product:") { products.append(id) }
        add(e)
    }

    private func addRandomEvent() {
        let roll = Int.random(in: 0..<100, using: &rng)
        switch roll {
        case 0..<30: addStance()
        case 30..<35: addAnnouncement()
        case 35..<44: addBan()
        case 44..<52 where bans.contains(where: { !$0.retracted && !$0.liftedInFull }): addLift()
        case 52..<60 where !claimIDs.isEmpty: addAssessment()
        case 60..<68: addRelease()
        case 68..<72: addEntity()
        case 72..<88 where amendable.count > 3: addCorrection()
        case 88..<97 where retractable.count > 3: addRetraction()
        default: addStance()
        }
    }

    private func claimRefs(_ stances: [String]) -> JSONValue {
        var refs: [JSONValue] = []
        var used: Set<String> = []
        for _ in 0..<(chance(15) ? 2 : 1) {
            var ref: JSONObject = ["stance": .string(stances.randomElement(using: &rng)!)]
            if claimIDs.isEmpty || chance(25) {
                let id = "claim:c\(next())"
                let statement = "Claim \(n): \(word()) of \(word())"
                ref["id"] = .string(id)
                ref["statement"] = .string(statement)
                claimIDs.append(id)
                statements[id] = statement
            } else {
                let id = claimIDs.randomElement(using: &rng)!
                guard used.insert(id).inserted else { continue }
                ref["id"] = .string(id)
                if chance(20) { ref["statement"] = .string(statements[id]!) }
            }
            used.insert(ref["id"]!.stringValue!)
            refs.append(.object(ref))
        }
        return .array(refs)
    }

    private func addStance() {
        let type = ["accusation", "report", "response"].randomElement(using: &rng)!
        var e = base(type, "\(type.capitalized) #\(next()) on \(word())")
        if type != "report" || chance(50) { e["actors"] = actors() }
        e["claims"] = claimRefs(["asserts", "reports", "denies", "acknowledges", "no-comment"])
        add(e)
    }

    private func addAnnouncement() {
        var e = base("announcement", "Announcement #\(next()) of \(word())")
        e["actors"] = actors()
        if chance(40) { e["claims"] = claimRefs(["asserts", "denies"]) }
        add(e)
    }

    private func addBan() {
        let id = "ban:b\(next())"
        var e = base("ban", "Ban #\(n) on \(word()) exports")
        let targets = ["country:cn", "org:b", "org:c"].shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))
        var spec: JSONObject = [
            "id": .string(id), "authority": .string(chance(70) ? "gov:us" : "gov:eu"),
            "targets": .array(targets.map { .string($0) }),
            "items": .array((0..<Int.random(in: 0...2, using: &rng)).map { _ in .string(word()) }),
        ]
        var start = try! PartialDate.parse(e["occurred"]!.stringValue!).startDay
        if chance(55) {
            // Taking effect up to a year later (scheduled), or earlier than it was announced.
            let at = random(
                (recorded.secondsSinceEpoch - 200 * Self.day)...(recorded.secondsSinceEpoch + 365 * Self.day))
            let effective = dayOf(at)
            spec["effective"] = .string(effective)
            start = min(start, effective)
        }
        e["ban"] = .object(spec)
        bans.append(BanState(id: id, start: start))
        add(e) { [unowned self] event in banOfEvent[event] = id }
    }

    private func addLift() {
        let i = bans.indices.filter { !bans[$0].retracted && !bans[$0].liftedInFull }.randomElement(using: &rng)!
        let full = chance(50)
        var e = base("ban-lifted", "Lift #\(next()) of \(bans[i].id) (\(full ? "full" : "partial"))")
        let banStart = try! Timestamp.parse(bans[i].start).secondsSinceEpoch
        var spec: JSONObject = ["ban": .string(bans[i].id), "scope": .string(full ? "full" : "partial")]
        if banStart > recorded.secondsSinceEpoch || chance(40) {
            // Only `effective` may lie after the recording time; it is never before the ban's first day.
            spec["effective"] = .string(dayOf(banStart + random(0...300) * Self.day))
        } else {
            e["occurred"] = .string(written(pastSeconds(from: banStart)))
        }
        e["lifts"] = .object(spec)
        let ban = bans[i].id
        if full { bans[i].liftedInFull = true }
        add(e) { [unowned self] event in
            if full {
                fullLiftOfEvent[event] = ban
                if let j = bans.firstIndex(where: { $0.id == ban }) { bans[j].fullLiftEvent = event }
            }
        }
    }

    private func addAssessment() {
        var e = base("claim-status", "Assessment #\(next())")
        var spec: JSONObject = [
            "claim": .string(claimIDs.randomElement(using: &rng)!),
            "status": .string(ClaimStanding.allCases.randomElement(using: &rng)!.rawValue),
        ]
        if chance(50) { spec["note"] = .string("Because of \(word()).") }
        e["assessment"] = .object(spec)
        add(e)
    }

    private func addRelease() {
        var e = base("release", "Release #\(next()) with \(word())")
        e["actors"] = .array([actorRef()])
        var spec: JSONObject = ["product": .string(products.randomElement(using: &rng)!)]
        if chance(50) { spec["version"] = .string("v\(n)") }
        e["release"] = .object(spec)
        add(e)
    }

    private func addEntity() {
        let k = next()
        if chance(70) {
            register("org:n\(k)", "Newco \(k)", chance(60) ? ["NC\(k)"] : [])
        } else {
            register("model:n/m\(k)", "Model \(k)", [])
        }
    }

    private func addCorrection() {
        let target = amendable.randomElement(using: &rng)!
        var set: JSONObject = [:]
        while set.isEmpty {
            if chance(45) { set["occurred"] = .string(written(pastSeconds())) }
            if chance(35) { set["title"] = .string("Corrected #\(next()): \(word())") }
            if chance(25) { set["summary"] = .string("Corrected summary: \(word()).") }
            if chance(20) { set["actors"] = actors() }
            if chance(20) { set["sources"] = sources() }
            if chance(10) { set["certainty"] = .string("corrected") }
        }
        var e = base("correction", "Correction #\(next())")
        e["amends"] = .object([
            "event": .string(target), "reason": .string("The sources were wrong."), "set": .object(set),
        ])
        add(e, amendable: false)
    }

    private func addRetraction() {
        let target = retractable.randomElement(using: &rng)!
        var e = base("retraction", "Retraction #\(next())")
        e["amends"] = .object(["event": .string(target), "reason": .string("Not supported about \(word()).")])
        if let ban = banOfEvent[target], let i = bans.firstIndex(where: { $0.id == ban }) { bans[i].retracted = true }
        if let ban = fullLiftOfEvent[target], let i = bans.firstIndex(where: { $0.id == ban }),
            bans[i].fullLiftEvent == target
        {
            (bans[i].liftedInFull, bans[i].fullLiftEvent) = (false, nil)
        }
        add(e, amendable: false)
    }
}

struct OracleLedgerError: Error, CustomStringConvertible {
    var problem: String
    var description: String { problem }
}
