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
        for a in list { aliases[Name.alias(a).value] = id; names[Name.alias(a).key] = seq }
    }
}

@Suite("Batch validation")
struct BatchValidatorTests {
    static func item(_ json: String, _ n: Int = 1) throws -> BatchValidator.Item {
        BatchValidator.Item(location: "line \(n)", value: try JSONParser.parse(Array(json.utf8)))
    }

    static let src = #""sources":[{"url":"https://example.org/a"}]"#
    static func accusation(_ actor: String, claim: String = #"{"id":"claim:x","stance":"asserts","statement":"X did it"}"#) -> String {
        #"{"type":"accusation","title":"t","occurred":"2026","actors":[{"entity":"\#(actor)","role":"accuser"}],"claims":[\#(claim)],\#(src)}"#
    }

    @Test func resolvesAliasesBeforeComputingTheID() throws {
        var known = MemoryNames()
        known.register("org:deepseek", aliases: ["DeepSeek"], seq: 1)
        var v1 = BatchValidator(known: known)
        var v2 = BatchValidator(known: known)
        guard case .event(let byAlias) = try v1.validate(try Self.item(Self.accusation("deepseek"))),
              case .event(let byID) = try v2.validate(try Self.item(Self.accusation("org:deepseek")))
        else { Issue.record("expected events"); return }
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
        let entity = #"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:x","name":"X Corp"},\#(Self.src)}"#
        guard case .event = try v.validate(try Self.item(entity, 1)) else { Issue.record("entity"); return }
        guard case .event(let e) = try v.validate(try Self.item(Self.accusation("X Corp"), 2)) else { Issue.record("accusation"); return }
        #expect(e.event.actors[0].entity == "org:x")
    }

    @Test func repeatsAreDuplicatesNotErrors() throws {
        var known = MemoryNames()
        known.register("org:a", seq: 1)
        var v = BatchValidator(known: known)
        let text = Self.accusation("org:a")
        guard case .event(let first) = try v.validate(try Self.item(text, 1)) else { Issue.record("first"); return }
        guard case .duplicate(let d) = try v.validate(try Self.item(text, 2)) else { Issue.record("second"); return }
        #expect(d.id == first.id && d.existingSeq == nil && d.location == "line 2")
        known.names[Name(.event, first.id).key] = 9
        var fresh = BatchValidator(known: known)
        guard case .duplicate(let logged) = try fresh.validate(try Self.item(text)) else { Issue.record("logged"); return }
        #expect(logged.existingSeq == 9)
    }

    @Test("refuses dangling references", arguments: [
        (accusation("org:a", claim: #"{"id":"claim:new","stance":"asserts"}"#), "claims[0].statement"),
        (#"{"type":"claim-status","title":"t","occurred":"2026","assessment":{"claim":"claim:none","status":"refuted"},\#(src)}"#, "assessment.claim"),
        (#"{"type":"ban-lifted","title":"t","occurred":"2026","lifts":{"ban":"ban:none","scope":"full"},\#(src)}"#, "lifts.ban"),
        (#"{"type":"retraction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r"},\#(src)}"#, "amends.event"),
        (#"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:a","name":"A again"},\#(src)}"#, "entity.id"),
        (#"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:b","name":"Alpha"},\#(src)}"#, "entity.aliases"),
        (#"{"type":"ban","title":"t","occurred":"2026","ban":{"id":"ban:b","authority":"gov:nowhere","targets":["org:a"]},\#(src)}"#, "ban.authority"),
        (#"{"type":"release","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"developer"}],"release":{"product":"model:none"},\#(src)}"#, "release.product"),
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
        let json = #"{"type":"response","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],"claims":[{"id":"claim:x","stance":"denies"},{"id":"claim:x","stance":"acknowledges"}],\#(Self.src)}"#
        #expect { try EventDecoder.decode(try JSONParser.parse(Array(json.utf8))) } throws: { ($0 as? ValidationError)?.field == "claims[1].id" }
    }

    @Test func aCorrectionCannotRemoveEveryActor() throws {
        let json = #"{"type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"actors":[]}},\#(Self.src)}"#
        #expect { try EventDecoder.decode(try JSONParser.parse(Array(json.utf8))) } throws: { ($0 as? ValidationError)?.field == "amends.set.actors" }
    }

    @Test func correctionsResolveAliasesAndCannotAmendAnAmendment() throws {
        var known = MemoryNames()
        known.register("org:a", aliases: ["Alpha"], seq: 1)
        known.names[Name(.event, "ev_0123456789abcdef0123456789abcdef").key] = 2
        known.names[Name(.event, "ev_00000000000000000000000000000000").key] = 3
        known.names[Name(.amendment, "ev_00000000000000000000000000000000").key] = 3
        var v = BatchValidator(known: known)
        let ok = #"{"type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"actors":[{"entity":"ALPHA","role":"r"}]}},\#(Self.src)}"#
        guard case .event(let e) = try v.validate(BatchValidator.Item(location: "line 1", value: try JSONParser.parse(Array(ok.utf8)))) else {
            Issue.record("expected an event"); return
        }
        #expect(e.event.amends?.set?.actors?.first?.entity == "org:a")
        let bad = #"{"type":"retraction","title":"t","occurred":"2026","amends":{"event":"ev_00000000000000000000000000000000","reason":"r"},\#(Self.src)}"#
        #expect { try v.validate(BatchValidator.Item(location: "line 2", value: try JSONParser.parse(Array(bad.utf8)))) } throws: {
            ($0 as? ValidationError)?.problem.contains("itself a correction") == true
        }
    }

    @Test func aliasesCompareAsUnicodeCanonicalForms() {
        #expect(Name.alias("Cafe\u{301} Labs").key == Name.alias("Café Labs").key)
    }
}
