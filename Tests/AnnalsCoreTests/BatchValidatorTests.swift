import AnnalsTestSupport
import Testing

@testable import AnnalsCore

/// An in-memory log for the validator: names and the entities aliases stand for.
struct MemoryNames: KnownNames {
    var names: [NameKey: Int64] = [:]
    var aliases: [String: String] = [:]
    var entities: [String] = []

    func seq(of key: NameKey) throws -> Int64? { names[key] }
    func entity(forAlias alias: String) throws -> String? { aliases[Name.alias(alias).value] }
    func allEntityIDs() throws -> [String] { entities }

    mutating func register(_ id: String, aliases list: [String] = [], seq: Int64) {
        names[Name(.entity, id).key] = seq
        entities.append(id)
        for a in list {
            aliases[Name.alias(a).value] = id
            names[Name.alias(a).key] = seq
        }
    }
}

@Suite("Batch validation")
struct BatchValidatorTests {
    static func item(_ json: String, _ n: Int = 1) throws -> BatchValidator.Item {
        try TestEvents.item(json, at: "line \(n)")
    }

    static let src = #""sources":[{"url":"https://example.org/a"}]"#
    static func accusation(
        _ actor: String, claim: String = #"{"id":"claim:x","stance":"asserts","statement":"X did it"}"#
    ) -> String {
        #"{"type":"accusation","title":"t","occurred":"2026","actors":[{"entity":"\#(actor)","role":"accuser"}],"claims":[\#(claim)],\#(src)}"#
    }

    @Test func resolvesAliasesBeforeComputingTheID() throws {
        var known = MemoryNames()
        known.register("org:deepseek", aliases: ["DeepSeek"], seq: 1)
        var v1 = BatchValidator(known: known)
        var v2 = BatchValidator(known: known)
        guard case .event(let byAlias) = try v1.validate(try Self.item(Self.accusation("deepseek"))),
            case .event(let byID) = try v2.validate(try Self.item(Self.accusation("org:deepseek")))
        else {
            Issue.record("expected events")
            return
        }
        #expect(byAlias.event.actors[0].entity == "org:deepseek")
        #expect(byAlias.id == byID.id)
    }

    @Test func unknownEntitySuggestsTheClosestIDs() throws {
        var known = MemoryNames()
        known.register("org:deepseek", seq: 1)
        known.register("org:openai", seq: 2)
        var v = BatchValidator(known: known)
        #expect {
            try v.validate(try Self.item(Self.accusation("org:deepsek")))
        } throws: { error in
            let e = error as? ValidationError
            return e?.field == "actors[0].entity" && e?.fix.contains("org:deepseek") == true && e?.location == "line 1"
        }
    }

    @Test func entityRegisteredEarlierInTheBatchCounts() throws {
        var v = BatchValidator(known: MemoryNames())
        let entity =
            #"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:x","name":"X Corp"},\#(Self.src)}"#
        guard case .event = try v.validate(try Self.item(entity, 1)) else {
            Issue.record("entity")
            return
        }
        guard case .event(let e) = try v.validate(try Self.item(Self.accusation("X Corp"), 2)) else {
            Issue.record("accusation")
            return
        }
        #expect(e.event.actors[0].entity == "org:x")
    }

    @Test func repeatsAreDuplicatesNotErrors() throws {
        var known = MemoryNames()
        known.register("org:a", seq: 1)
        var v = BatchValidator(known: known)
        let text = Self.accusation("org:a")
        guard case .event(let first) = try v.validate(try Self.item(text, 1)) else {
            Issue.record("first")
            return
        }
        guard case .duplicate(let d) = try v.validate(try Self.item(text, 2)) else {
            Issue.record("second")
            return
        }
        #expect(d.id == first.id && d.existingSeq == nil && d.location == "line 2")
        known.names[Name(.event, first.id).key] = 9
        var fresh = BatchValidator(known: known)
        guard case .duplicate(let logged) = try fresh.validate(try Self.item(text)) else {
            Issue.record("logged")
            return
        }
        #expect(logged.existingSeq == 9)
    }

    @Test(
        "refuses dangling references",
        arguments: [
            (accusation("org:a", claim: #"{"id":"claim:new","stance":"asserts"}"#), "claims[0].statement"),
            (
                #"{"type":"claim-status","title":"t","occurred":"2026","assessment":{"claim":"claim:none","status":"refuted"},\#(src)}"#,
                "assessment.claim"
            ),
            (
                #"{"type":"ban-lifted","title":"t","occurred":"2026","lifts":{"ban":"ban:none","scope":"full"},\#(src)}"#,
                "lifts.ban"
            ),
            (
                #"{"type":"retraction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r"},\#(src)}"#,
                "amends.event"
            ),
            (
                #"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:a","name":"A again"},\#(src)}"#,
                "entity.id"
            ),
            (
                #"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:b","name":"Alpha"},\#(src)}"#,
                "entity.aliases"
            ),
            (
                #"{"type":"ban","title":"t","occurred":"2026","ban":{"id":"ban:b","authority":"gov:nowhere","targets":["org:a"]},\#(src)}"#,
                "ban.authority"
            ),
            (
                #"{"type":"release","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"developer"}],"release":{"product":"model:none"},\#(src)}"#,
                "release.product"
            ),
        ])
    func refusesDanglingReferences(_ json: String, _ field: String) throws {
        var known = MemoryNames()
        known.register("org:a", aliases: ["Alpha"], seq: 1)
        var v = BatchValidator(known: known)
        #expect {
            try v.validate(try Self.item(json))
        } throws: { error in
            (error as? ValidationError)?.field == field
        }
    }
}

@Suite("Validation gaps closed after review")
struct ValidationGapTests {
    static let src = #""sources":[{"url":"https://example.org/a"}]"#

    @Test func anEventCannotTakeTwoStancesOnOneClaim() throws {
        let json =
            #"{"type":"response","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],"claims":[{"id":"claim:x","stance":"denies"},{"id":"claim:x","stance":"acknowledges"}],\#(Self.src)}"#
        #expect { try EventDecoder.decode(try JSONParser.parse(Array(json.utf8))) } throws: {
            ($0 as? ValidationError)?.field == "claims[1].id"
        }
    }

    @Test func aCorrectionCannotRemoveEveryActor() throws {
        let json =
            #"{"type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"actors":[]}},\#(Self.src)}"#
        #expect { try EventDecoder.decode(try JSONParser.parse(Array(json.utf8))) } throws: {
            ($0 as? ValidationError)?.field == "amends.set.actors"
        }
    }

    @Test func correctionsResolveAliasesAndCannotAmendAnAmendment() throws {
        var known = MemoryNames()
        known.register("org:a", aliases: ["Alpha"], seq: 1)
        known.names[Name(.event, "ev_0123456789abcdef0123456789abcdef").key] = 2
        known.names[Name(.event, "ev_00000000000000000000000000000000").key] = 3
        known.names[Name(.amendment, "ev_00000000000000000000000000000000").key] = 3
        var v = BatchValidator(known: known)
        let ok =
            #"{"type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"actors":[{"entity":"ALPHA","role":"r"}]}},\#(Self.src)}"#
        guard
            case .event(let e) = try v.validate(
                BatchValidator.Item(location: "line 1", value: try JSONParser.parse(Array(ok.utf8))))
        else {
            Issue.record("expected an event")
            return
        }
        #expect(e.event.amends?.set?.actors?.first?.entity == "org:a")
        let bad =
            #"{"type":"retraction","title":"t","occurred":"2026","amends":{"event":"ev_00000000000000000000000000000000","reason":"r"},\#(Self.src)}"#
        #expect {
            try v.validate(BatchValidator.Item(location: "line 2", value: try JSONParser.parse(Array(bad.utf8))))
        } throws: {
            ($0 as? ValidationError)?.problem.contains("itself a correction") == true
        }
    }

    @Test func aliasesCompareAsUnicodeCanonicalForms() {
        #expect(Name.alias("Cafe\u{301} Labs").key == Name.alias("Café Labs").key)
    }
}

/// The rules of the record judge new events only, and never refuse what the world allows.
@Suite("Rules of the record")
struct RecordRuleTests {
    typealias T = BatchValidatorTests
    static let now = Timestamp(secondsSinceEpoch: 1_795_825_801)  // 2026-11-28

    static func known() -> MemoryNames {
        var known = MemoryNames()
        for (n, id) in ["org:a", "gov:us", "country:cn"].enumerated() { known.register(id, seq: Int64(n + 1)) }
        return known
    }

    static func ban(effective: String?, occurred: String = "2025-01-13") -> String {
        let e = effective.map { #","effective":"\#($0)""# } ?? ""
        return
            #"{"type":"ban","title":"b","occurred":"\#(occurred)","ban":{"id":"ban:x","authority":"gov:us","targets":["country:cn"]\#(e)},\#(T.src)}"#
    }

    static func lift(_ occurred: String, scope: String = "full") -> String {
        #"{"type":"ban-lifted","title":"l","occurred":"\#(occurred)","lifts":{"ban":"ban:x","scope":"\#(scope)"},\#(T.src)}"#
    }

    @Test(
        "a lift is checked against the ban's first day, by the end of its own period",
        arguments: [("2025-05-13", true), ("2025", true), ("2025-01", true), ("2024-12", false), ("2024", false)])
    func liftDates(_ date: String, _ allowed: Bool) throws {
        // Announced 2025-01-13, to take effect 2025-05-15: a rescission before that day is real.
        var v = BatchValidator(known: Self.known())
        _ = try v.validate(try T.item(Self.ban(effective: "2025-05-15")), recorded: Self.now)
        if allowed {
            #expect(throws: Never.self) { _ = try v.validate(try T.item(Self.lift(date), 2), recorded: Self.now) }
        } else {
            #expect(throws: ValidationError.self) {
                _ = try v.validate(try T.item(Self.lift(date), 2), recorded: Self.now)
            }
        }
    }

    @Test func carriedRecordsAreNotRejudged() throws {
        var v = BatchValidator(known: Self.known())
        let stamp = BatchValidator.Stamp(recorder: "other branch", recorded: Self.now)
        let release =
            #"{"type":"release","title":"r","occurred":"2025","actors":[{"entity":"org:a","role":"x"}],"release":{"product":"country:cn"},\#(T.src)}"#
        let fresh = try T.item(release)
        #expect(throws: ValidationError.self) { _ = try v.validate(fresh, recorded: Self.now) }
        var carried = try T.item(release)
        carried.stamp = stamp
        #expect(throws: Never.self) { _ = try v.validate(carried, recorded: Self.now) }
        // Two branches that each lifted the same ban in full still merge.
        _ = try v.validate(try T.item(Self.ban(effective: nil), 2), recorded: Self.now)
        _ = try v.validate(try T.item(Self.lift("2025-06-01"), 3), recorded: Self.now)
        var second = try T.item(Self.lift("2025-06-02"), 4)
        second.stamp = stamp
        #expect(throws: Never.self) { _ = try v.validate(second, recorded: Self.now) }
    }

    @Test func namesMayHoldTheJoinersRealSpellingsNeed() throws {
        var v = BatchValidator(known: Self.known())
        let persian = "\u{0647}\u{0645}\u{0631}\u{0627}\u{0647}\u{200C}\u{0627}\u{0648}\u{0644}"
        let entity =
            #"{"type":"entity","title":"e","occurred":"2020","entity":{"id":"org:mci","name":"\#(persian)"},\#(T.src)}"#
        #expect(throws: Never.self) { _ = try v.validate(try T.item(entity), recorded: Self.now) }
        let hidden = entity.replacingOccurrences(of: "org:mci", with: "org:z").replacingOccurrences(
            of: persian, with: "Zeta\u{200B}Corp")
        #expect(throws: ValidationError.self) { _ = try v.validate(try T.item(hidden, 2), recorded: Self.now) }
    }
}
