import AnnalsTestSupport
import Testing

@testable import AnnalsCore

@Suite("Record templates and the prepare stage")
struct RecordTemplateTests {
    static let recorded = Timestamp(secondsSinceEpoch: 1_795_825_801)

    static func events() throws -> [Event] {
        let golden = try RecordCodecTests.goldenEvent()
        return try [golden]
            + SampleEvents.lines(events: 300).map { try EventDecoder.decode(try JSONParser.parse(Array($0.utf8))) }
    }

    @Test func sealingATemplateGivesTheBytesOfSeal() throws {
        let seqs: [Int64] = [1, 9, 10, 99, 100, 12_345, 1_000_000_007, Int64.max]
        let recorders = ["bench", "Golden Tester", #"A "quoted" \ name"#, "Zoë Ünïcode 😀"]
        for (n, event) in try Self.events().enumerated() {
            let id = RecordCodec.eventID(event)
            let recorder = recorders[n % recorders.count]
            let template = RecordTemplate(event, id: id, recorded: Self.recorded, recorder: recorder)
            let seq = seqs[n % seqs.count]
            let prev = Digest.sha256Hex(Array("prev \(n)".utf8))
            let (record, line) = RecordCodec.seal(
                event, id: id, seq: seq, prev: prev, recorded: Self.recorded, recorder: recorder)
            let sealed = template.seal(seq: seq, prev: prev)
            #expect(sealed.line == line)
            #expect(sealed.hash == record.hash)
            var out = Array("the record before\n".utf8)
            #expect(template.seal(seq: seq, prev: prev, appendingTo: &out) == record.hash)
            #expect(out == Array("the record before\n".utf8) + line)
        }
    }

    @Test func theTemplateGivesTheEventsIDAndSize() throws {
        for event in try Self.events() {
            let template = RecordTemplate(event, recorded: Self.recorded, recorder: "r")
            #expect(template.eventID == RecordCodec.eventID(event))
            #expect(template.canonicalCount == event.canonicalBytes.count)
        }
    }

    @Test func nameKeysAreTheFirst128BitsOfTheNamesSHA256() {
        for name in [Name(.event, "ev_0"), Name.alias("Café 😀"), Name(.claimStatement, "claim:x\nX did it")] {
            let digest = Digest.sha256(parts: name.space.rawValue, name.value)
            let high = digest[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let low = digest[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(name.key == NameKey(high: high | 1, low: low))
        }
    }

    @Test func sealingAPreparedEventUsesItsTemplateOnlyForItsOwnStamp() throws {
        let event = try RecordCodecTests.goldenEvent()
        let id = RecordCodec.eventID(event)
        var prepared = PreparedEvent(location: "line 1", event: event, id: id)
        prepared.template = RecordTemplate(event, id: id, recorded: Self.recorded, recorder: "a")
        let later = Timestamp(secondsSinceEpoch: Self.recorded.secondsSinceEpoch + 5)
        for (recorded, recorder) in [(Self.recorded, "a"), (Self.recorded, "b"), (later, "a")] {
            let viaPrepared = RecordCodec.seal(
                prepared, seq: 3, prev: Digest.genesis, recorded: recorded, recorder: recorder)
            let direct = RecordCodec.seal(
                event, id: id, seq: 3, prev: Digest.genesis, recorded: recorded, recorder: recorder)
            #expect(viaPrepared.0 == direct.0)
            #expect(viaPrepared.1 == direct.1)
        }
    }

    /// Inputs that the validator refuses, or that it must decide with the log.
    static let awkward: [String] = [
        #"{"type":"announcement","title":"t","occurred":"2026","sources":[]}"#,
        #"{"type":"announcement","title":"t","occurred":"2099","actors":[{"entity":"org:gen-0","role":"r"}],"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"announcement","title":"t","occurred":"2099","actors":[{"entity":"org:nobody","role":"r"}],"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"gen alias 5","role":"r"}],"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"nobody at all","role":"r"}],"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"announcement","title":"Cafe\u0301","occurred":"2026","sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"announcement","title":"t","occurred":"2026","sources":[{"url":"https://e.org/a"}],"id":"ev_00"}"#,
        #"{"type":"announcement","title":"t","occurred":"2026","sources":[{"url":"https://e.org/a"}],"seq":3}"#,
        #"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:new","name":"New\u200Bname"},"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"entity","title":"t","occurred":"2026","entity":{"id":"org:gen-1","name":"Again"},"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"release","title":"t","occurred":"2026","release":{"product":"org:gen-0"},"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"ban-lifted","title":"t","occurred":"2026","lifts":{"ban":"ban:gen-6","scope":"full"},"sources":[{"url":"https://e.org/a"}]}"#,
        #"{"type":"ban-lifted","title":"t","occurred":"2026","lifts":{"ban":"ban:gen-6","scope":"full"},"sources":[{"url":"https://e.org/a"}]}"#,
        #"[1]"#,
    ]

    /// Validates `lines` one by one, prepared or not: the outcomes or errors, as text.
    static func validateAll(_ lines: [String], prepared: Bool) throws -> [String] {
        var validator = BatchValidator(known: MemoryNames())
        let preparer = ItemPreparer(recorder: "r", recorded: recorded)
        var out: [String] = []
        for (n, line) in lines.enumerated() {
            let value = try JSONParser.parse(Array(line.utf8))
            let location = "line \(n + 1)"
            let item =
                prepared
                ? preparer.item(value, location: location) : BatchValidator.Item(location: location, value: value)
            do {
                switch try validator.validate(item, recorded: recorded) {
                case .event(let e):
                    let (record, bytes) = RecordCodec.seal(
                        e, seq: Int64(n + 1), prev: Digest.genesis, recorded: recorded, recorder: "r")
                    out.append("\(e.location) \(record.hash) \(String(decoding: bytes, as: UTF8.self))")
                    out.append("\(e.indexEntries(seq: Int64(n + 1)).map { "\($0.key.high)=\($0.value)" })")
                case .duplicate(let d): out.append("duplicate \(d)")
                }
            } catch {
                out.append("error \(error)")
            }
        }
        return out
    }

    @Test func preparedItemsValidateAsTheWholeItems() throws {
        var lines = SampleEvents.lines(events: 200)
        lines.insert(lines[30], at: 40)  // a duplicate in the batch
        lines += Self.awkward
        let whole = try Self.validateAll(lines, prepared: false)
        let prepared = try Self.validateAll(lines, prepared: true)
        #expect(whole.count == prepared.count)
        for (a, b) in zip(whole, prepared) { #expect(a == b) }
        #expect(whole.contains { $0.hasPrefix("duplicate") })
        #expect(whole.filter { $0.hasPrefix("error") }.count >= 10)
    }

    @Test func thePrepareStageLeavesToTheValidatorWhatNeedsTheLog() throws {
        let preparer = ItemPreparer(recorder: "r", recorded: Self.recorded)
        func prepared(_ json: String) throws -> BatchValidator.Prepared? {
            preparer.item(try JSONParser.parse(Array(json.utf8)), location: "line 1").prepared
        }
        // An alias, and a text not in NFC, are resolved against the log.
        #expect(try prepared(Self.awkward[3]) == nil)
        #expect(try prepared(Self.awkward[5]) == nil)
        guard case .failed(let error) = try prepared(Self.awkward[0]) else {
            Issue.record("an event without sources fails on its own")
            return
        }
        #expect(error.field == "sources")
        guard case .ready(let ready) = try prepared(Self.awkward[1]) else {
            Issue.record("a future event is prepared; its rule error waits for its turn")
            return
        }
        #expect(ready.ruleError?.field == "occurred")
    }
}
