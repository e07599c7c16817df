import Foundation
import Testing

@testable import AnnalsCore

/// Golden bytes (produced independently by Python's json.dumps(sort_keys=True) and hashlib): if any of these change, every existing ledger's ids and hashes change with them.
@Suite("Record sealing and checking")
struct RecordCodecTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    static func goldenEvent() throws -> Event {
        try EventDecoder.decode(try JSONParser.parse(try fixture("golden-event.json")))
    }

    static let recorded = Timestamp(secondsSinceEpoch: 1_795_825_801)  // 2026-11-28T00:30:01Z

    @Test func canonicalEventBytesAndIDAreGolden() throws {
        let event = try Self.goldenEvent()
        var expected = try Self.fixture("golden-event.canonical.json")
        if expected.last == 0x0A { expected.removeLast() }
        #expect(event.canonicalBytes == expected)
        #expect(RecordCodec.eventID(event) == "ev_" + Digest.sha256Hex(expected).prefix(32))
        #expect(RecordCodec.eventID(event) == "ev_e7f28d940b6f0e3bd264063df9c13348")
    }

    @Test func sealedRecordLineAndHashAreGolden() throws {
        let event = try Self.goldenEvent()
        let (record, line) = RecordCodec.seal(
            event, id: RecordCodec.eventID(event), seq: 7, prev: Digest.genesis,
            recorded: Self.recorded, recorder: "Golden Tester")
        var expected = try Self.fixture("golden-record.jsonl")
        if expected.last == 0x0A { expected.removeLast() }
        #expect(line == expected)
        #expect(record.hash == "52904313beed240ef7f84018788529cf5ff19ffb8d5a701cb24d769f9e0f0323")
        #expect(try RecordCodec.decode(line[...]) == record)
    }

    @Test func directWriterAgreesWithGenericEncoder() throws {
        let event = try Self.goldenEvent()
        #expect(event.canonicalBytes == CanonicalJSON.encode(event.json))
        let (record, line) = RecordCodec.seal(
            event, id: RecordCodec.eventID(event), seq: 1, prev: Digest.genesis,
            recorded: Self.recorded, recorder: "r")
        #expect(line == CanonicalJSON.encode(record.json))
    }

    @Test("any changed byte is caught", arguments: [0, 10, 100, 200, 400, 600])
    func tamperIsCaught(_ position: Int) throws {
        let event = try Self.goldenEvent()
        var (_, line) = RecordCodec.seal(
            event, id: RecordCodec.eventID(event), seq: 1, prev: Digest.genesis,
            recorded: Self.recorded, recorder: "r")
        line[position % line.count] ^= 0x01
        #expect(throws: RecordCodec.Problem.self) { try RecordCodec.decode(line[...]) }
    }
}
