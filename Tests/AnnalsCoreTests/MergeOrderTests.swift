import Testing

@testable import AnnalsCore

@Suite("Merge order")
struct MergeOrderTests {
    static let source = #""sources":[{"url":"https://example.org/a"}]"#

    /// A record of `json` recorded at `second`, sealed at `seq` (the chain itself does not matter here).
    static func record(_ json: String, at second: Int64, seq: Int64) throws -> Record {
        let event = try EventDecoder.decode(try JSONParser.parse(Array(("{" + json + "," + source + "}").utf8)))
        let id = RecordCodec.eventID(event)
        return RecordCodec.seal(
            event, id: id, seq: seq, prev: Digest.genesis, recorded: Timestamp(secondsSinceEpoch: second), recorder: "T"
        ).0
    }

    static func entity(_ id: String) -> String {
        #""type":"entity","title":"Registers \#(id)","occurred":"2020","entity":{"id":"\#(id)","name":"\#(id) name"}"#
    }

    static func announcement(_ n: Int, actor: String) -> String {
        #""type":"announcement","title":"Announcement \#(n)","occurred":"2025","actors":[{"entity":"\#(actor)","role":"r"}]"#
    }

    @Test("records are ordered by recorded time, then id")
    func byRecordedThenID() throws {
        let records = [
            try Self.record(Self.announcement(1, actor: "org:a"), at: 20, seq: 1),
            try Self.record(Self.announcement(2, actor: "org:a"), at: 10, seq: 2),
            try Self.record(Self.announcement(3, actor: "org:a"), at: 10, seq: 3),
        ]
        let arranged = MergeOrder.arrange(records)
        let expected = records.sorted { ($0.recorded, $0.id) < ($1.recorded, $1.id) }
        #expect(arranged.map(\.id) == expected.map(\.id))
        #expect(arranged.last?.event.title == "Announcement 1")
    }

    @Test("a record never comes before what it depends on, whatever the ids", arguments: 0..<8)
    func dependenciesFirst(variant: Int) throws {
        // Same recorded time: by id alone, dependents would often sort before their definitions.
        let actor = "org:v\(variant)"
        let claim = "claim:c\(variant)"
        let records = [
            try Self.record(Self.entity(actor), at: 5, seq: 1),
            try Self.record(Self.announcement(variant, actor: actor), at: 5, seq: 2),
            try Self.record(
                #""type":"report","title":"Report \#(variant)","occurred":"2025","claims":[{"id":"\#(claim)","stance":"reports","statement":"S \#(variant)"}]"#,
                at: 5, seq: 3),
            try Self.record(
                #""type":"response","title":"Denial \#(variant)","occurred":"2025","actors":[{"entity":"\#(actor)","role":"denier"}],"claims":[{"id":"\#(claim)","stance":"denies"}]"#,
                at: 5, seq: 4),
        ]
        let arranged = MergeOrder.arrange(records)
        #expect(Set(arranged.map(\.id)) == Set(records.map(\.id)))
        let place = Dictionary(uniqueKeysWithValues: arranged.enumerated().map { ($1.id, $0) })
        #expect(place[records[0].id]! < place[records[1].id]!, "the entity must come before the announcement naming it")
        #expect(place[records[0].id]! < place[records[3].id]!)
        #expect(place[records[2].id]! < place[records[3].id]!, "the claim's statement must come before the denial")
        // Where dependencies allow, id order decides: the entity and the report have no dependencies.
        let free = [records[0], records[2]].sorted { $0.id < $1.id }
        #expect(arranged.first?.id == free.first?.id)
    }

    @Test("a record recorded later never moves earlier")
    func laterStaysLater() throws {
        let early = try Self.record(Self.entity("org:z"), at: 1, seq: 1)
        let late = try Self.record(Self.announcement(9, actor: "org:z"), at: 99, seq: 2)
        #expect(MergeOrder.arrange([early, late]).map(\.id) == [early.id, late.id])
    }
}
