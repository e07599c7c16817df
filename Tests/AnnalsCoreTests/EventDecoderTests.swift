import Testing

@testable import AnnalsCore

@Suite("Event validation")
struct EventDecoderTests {
    static let source = #""sources":[{"url":"https://example.org/a"}]"#

    static func event(_ fields: String) -> String {
        "{" + fields + "," + source + "}"
    }

    /// A capture event with `capture` fields replaced or added (`"k":v` pairs appended last win).
    static func capture(_ extra: String = "", url: String = "https://example.org/a") -> String {
        #"{"type":"capture","title":"Capture","occurred":"2026-01-31T09:30:00Z","sources":[{"url":"https://example.org/a"}],"capture":{"url":"\#(url)","final_url":"https://example.org/a","fetched":"2026-01-31T09:30:00Z","status":200,"length":12,"sha256":"\#(String(repeating: "ab", count: 32))","warc_file":"annals-1.warc.gz","warc_record_id":"<urn:uuid:12345678-1234-4234-8234-123456789abc>"\#(extra)}}"#
    }

    /// (input, the field the error must name)
    static let bad: [(String, String)] = [
        (#"{"type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]}"#, "sources"),
        (event(#""type":"rumour","title":"t","occurred":"2026""#), "type"),
        (event(#""title":"t","occurred":"2026""#), "type"),
        (event(#""type":"announcement","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#), "title"),
        (
            event(#""type":"announcement","title":5,"occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#),
            "title"
        ),
        (
            event(#""type":"announcement","title":"  ","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#),
            "title"
        ),
        (
            event(
                #""type":"announcement","title":"a\u0007b","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#),
            "title"
        ),
        (
            event(#""type":"announcement","title":"a\nb","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#),
            "title"
        ),
        (
            event(
                #""type":"announcement","title":"t","occurred":"2026-02-30","actors":[{"entity":"org:a","role":"r"}]"#),
            "occurred"
        ),
        (event(#""type":"announcement","title":"t","actors":[{"entity":"org:a","role":"r"}]"#), "occurred"),
        (event(#""type":"announcement","title":"t","occurred":"2026""#), "actors"),
        (event(#""type":"announcement","title":"t","occurred":"2026","actors":{"entity":"org:a"}"#), "actors"),
        (
            event(#""type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a"}]"#),
            "actors[0].role"
        ),
        (
            event(
                #""type":"announcement","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r","x":1}]"#),
            "actors[0].x"
        ),
        (
            event(
                #""type":"announcement","title":"t","occurred":"2026","colour":"red","actors":[{"entity":"org:a","role":"r"}]"#
            ), "colour"
        ),
        (
            event(
                #""type":"announcement","title":"t","occurred":"2026","seq":4,"actors":[{"entity":"org:a","role":"r"}]"#
            ), "seq"
        ),
        (
            event(
                #""type":"announcement","title":"t","occurred":"2026","ban":{},"actors":[{"entity":"org:a","role":"r"}]"#
            ), "ban"
        ),
        (
            event(#""type":"accusation","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#),
            "claims"
        ),
        (
            event(
                #""type":"accusation","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],"claims":[{"id":"deepseek","stance":"asserts"}]"#
            ), "claims[0].id"
        ),
        (
            event(
                #""type":"accusation","title":"t","occurred":"2026","actors":[{"entity":"org:a","role":"r"}],"claims":[{"id":"claim:x","stance":"believes"}]"#
            ), "claims[0].stance"
        ),
        (event(#""type":"entity","title":"t","occurred":"2026","entity":{"id":"company:x","name":"X"}"#), "entity.id"),
        (event(#""type":"entity","title":"t","occurred":"2026","entity":{"id":"org:X","name":"X"}"#), "entity.id"),
        (event(#""type":"entity","title":"t","occurred":"2026""#), "entity"),
        (
            event(#""type":"entity","title":"t","occurred":"2026","entity":{"id":"org:x","name":"X","aliases":[1]}"#),
            "entity.aliases[0]"
        ),
        (
            event(
                #""type":"ban","title":"t","occurred":"2026","ban":{"id":"ban:x","authority":"gov:us","targets":[]}"#),
            "ban.targets"
        ),
        (
            event(#""type":"ban-lifted","title":"t","occurred":"2026","lifts":{"ban":"ban:x","scope":"some"}"#),
            "lifts.scope"
        ),
        (
            event(
                #""type":"claim-status","title":"t","occurred":"2026","assessment":{"claim":"claim:x","status":"probable"}"#
            ), "assessment.status"
        ),
        (
            event(
                #""type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_1","reason":"r","set":{"title":"x"}}"#
            ), "amends.event"
        ),
        (
            event(
                #""type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{}}"#
            ), "amends.set"
        ),
        (
            event(
                #""type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"type":"ban"}}"#
            ), "amends.set.type"
        ),
        (
            #"{"type":"report","title":"t","occurred":"2026","claims":[{"id":"claim:x","stance":"reports"}],"sources":[{"publisher":"P"}]}"#,
            "sources[0]"
        ),
        (
            #"{"type":"report","title":"t","occurred":"2026","claims":[{"id":"claim:x","stance":"reports"}],"sources":[{"url":"ftp://x.org/a"}]}"#,
            "sources[0].url"
        ),
        (
            #"{"type":"report","title":"t","occurred":"2026","claims":[{"id":"claim:x","stance":"reports"}],"sources":[{"url":"https://x.org/a b"}]}"#,
            "sources[0].url"
        ),
        (
            #"{"type":"report","title":"t","occurred":"2026","claims":[{"id":"claim:x","stance":"reports"}],"sources":[{"url":"https://x.org/","published":"2026-13"}]}"#,
            "sources[0].published"
        ),
        (
            event(
                #""type":"announcement","title":"\#(String(repeating: "x", count: 501))","occurred":"2026","actors":[{"entity":"org:a","role":"r"}]"#
            ), "title"
        ),
        (capture(#","status":99"#).replacingOccurrences(of: #""status":200,"#, with: ""), "capture.status"),
        (capture().replacingOccurrences(of: #""status":200"#, with: #""status":"200""#), "capture.status"),
        (capture().replacingOccurrences(of: #""sha256":"ab"#, with: #""sha256":"AB"#), "capture.sha256"),
        (
            capture().replacingOccurrences(of: #""fetched":"2026-01-31T09:30:00Z""#, with: #""fetched":"2026-01-31""#),
            "capture.fetched"
        ),
        (capture().replacingOccurrences(of: "annals-1.warc.gz", with: "../x.warc.gz"), "capture.warc_file"),
        (capture().replacingOccurrences(of: "<urn:uuid:1234", with: "<uuid:1234"), "capture.warc_record_id"),
        (capture().replacingOccurrences(of: #""length":12"#, with: #""length":-1"#), "capture.length"),
        (capture(#","archive_url":"ftp://archive.org/x""#), "capture.archive_url"),
        (capture(#","selectors":[{"prefix":"a"}]"#), "capture.selectors[0].exact"),
        (capture(#","colour":"red""#), "capture.colour"),
        (capture(url: "https://example.org/other"), "capture.url"),
        (
            capture().replacingOccurrences(
                of: #""sources""#, with: #""claims":[{"id":"claim:x","stance":"reports"}],"sources""#), "claims"
        ),
        (capture().replacingOccurrences(of: #","capture":{"#, with: #","x":{"#), "x"),
        ("[]", ""),
        (
            event(
                #""type":"report","title":"t","occurred":"2026","external_id":"a\nb","claims":[{"id":"claim:x","stance":"reports"}]"#
            ), "external_id"
        ),
        (
            event(
                #""type":"report","title":"t","occurred":"2026","external_id":"","claims":[{"id":"claim:x","stance":"reports"}]"#
            ), "external_id"
        ),
        (
            event(
                #""type":"report","title":"t","occurred":"2026","external_id":7,"claims":[{"id":"claim:x","stance":"reports"}]"#
            ), "external_id"
        ),
        (
            event(
                #""type":"report","title":"t","occurred":"2026","external_id":"\#(String(repeating: "x", count: 201))","claims":[{"id":"claim:x","stance":"reports"}]"#
            ), "external_id"
        ),
        (
            event(
                #""type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"external_id":"x"}}"#
            ), "amends.set.external_id"
        ),
    ]

    @Test("names the offending field", arguments: bad)
    func refuses(_ json: String, _ field: String) throws {
        let value = try JSONParser.parse(Array(json.utf8))
        #expect {
            try EventDecoder.decode(value)
        } throws: { error in
            guard let e = error as? ValidationError else { return false }
            return e.field == field && !e.fix.isEmpty
        }
    }

    @Test func decodesEveryTypeAndReencodesToTheSameJSON() throws {
        let good = [
            Self.event(
                #""type":"entity","title":"t","occurred":"2026","entity":{"id":"gov:us/bis","name":"BIS","aliases":["Bureau"]}"#
            ),
            Self.event(
                #""type":"release","title":"t","occurred":"2026-04-24","actors":[{"entity":"org:deepseek","role":"developer"}],"release":{"product":"model:deepseek/v4","version":"preview"}"#
            ),
            Self.event(
                #""type":"ban","title":"t","occurred":"2025-04-09","ban":{"id":"ban:h20","authority":"gov:us","targets":["country:cn"],"items":["H20"],"effective":"2025-04-09"}"#
            ),
            Self.event(
                #""type":"ban-lifted","title":"t","occurred":"2025-07","lifts":{"ban":"ban:h20","scope":"partial"}"#),
            Self.event(
                #""type":"report","title":"t","occurred":"2025-12-10","claims":[{"id":"claim:x","stance":"reports","statement":"S"}]"#
            ),
            Self.event(
                #""type":"response","title":"t","occurred":"2025-12-10T10:00:00Z","actors":[{"entity":"org:nvidia","role":"respondent"}],"claims":[{"id":"claim:x","stance":"denies"}]"#
            ),
            Self.event(
                #""type":"claim-status","title":"t","occurred":"2026","assessment":{"claim":"claim:x","status":"disputed","note":"n"}"#
            ),
            Self.event(
                #""type":"correction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"r","set":{"occurred":"2025-11-03","actors":[{"entity":"org:a","role":"r"}]}}"#
            ),
            Self.event(
                #""type":"retraction","title":"t","occurred":"2026","amends":{"event":"ev_0123456789abcdef0123456789abcdef","reason":"duplicate"}"#
            ),
            Self.event(
                #""type":"accusation","title":"t","occurred":"2026","external_id":"sheet-row 12","actors":[{"entity":"org:a","role":"accuser"}],"claims":[{"id":"claim:x","stance":"asserts"}]"#
            ),
            Self.event(
                #""type":"entity","title":"t","occurred":"2026","external_id":"CHN1234","entity":{"id":"org:a","name":"A"}"#
            ),
        ]
        for json in good + [
            Self.capture(
                #","selectors":[{"exact":"q","prefix":"a "}],"archive_url":"https://web.archive.org/web/2026/https://example.org/a""#
            )
        ] {
            let value = try JSONParser.parse(Array(json.utf8))
            let event = try EventDecoder.decode(value)
            #expect(event.json == value)
            #expect(event.canonicalBytes == CanonicalJSON.encode(value))
        }
    }

    /// `external_id` is part of the content (so of the id), goes between `entity` and the seal's
    /// `hash` in canonical order, and an event without it keeps the bytes (and id) it had.
    @Test func externalIDIsContentAndKeepsOldIDs() throws {
        let plain = Self.event(
            #""type":"report","title":"t","occurred":"2026","claims":[{"id":"claim:x","stance":"reports"}]"#)
        let tagged = plain.replacingOccurrences(of: #""occurred""#, with: #""external_id":"row-7","occurred""#)
        let a = try EventDecoder.decode(JSONParser.parse(Array(plain.utf8)))
        let b = try EventDecoder.decode(JSONParser.parse(Array(tagged.utf8)))
        #expect(a.externalID == nil)
        #expect(b.externalID == "row-7")
        #expect(!String(decoding: a.canonicalBytes, as: UTF8.self).contains("external_id"))
        #expect(a.canonicalBytes == CanonicalJSON.encode(try JSONParser.parse(Array(plain.utf8))))
        #expect(RecordCodec.eventID(a) != RecordCodec.eventID(b))
        #expect(RecordCodec.eventID(a) == "ev_" + Digest.sha256Hex(a.canonicalBytes).prefix(32))
        // Sealed: the key sits where canonical order puts it, between "entity" and "hash".
        #expect(CanonicalJSON.precedes("entity", "external_id") && CanonicalJSON.precedes("external_id", "hash"))
        let seal = Event.Seal(
            seq: 3, prev: String(repeating: "0", count: 64), hash: String(repeating: "1", count: 64),
            id: RecordCodec.eventID(b), recorded: Timestamp(secondsSinceEpoch: 1_767_225_600), recorder: "R")
        var w = CanonicalWriter()
        b.write(into: &w, seal: seal)
        guard case .object(var o) = b.json else {
            Issue.record("not an object")
            return
        }
        o["seq"] = .integer(3)
        o["prev"] = .string(seal.prev)
        o["hash"] = .string(seal.hash!)
        o["id"] = .string(seal.id)
        o["recorded"] = .string(seal.recorded)
        o["recorder"] = .string(seal.recorder)
        #expect(w.bytes == CanonicalJSON.encode(.object(o)))
    }
}
