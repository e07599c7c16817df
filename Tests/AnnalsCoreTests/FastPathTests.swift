import AnnalsTestSupport
import Foundation
import Testing

@testable import AnnalsCore

/// The fast paths (reading events and records straight from their bytes, word-at-a-time
/// scans) must agree with the plain ones on every input: the same event, the same bytes, the
/// same error. These tests hold each fast path against its slow twin.
@Suite("Fast paths agree with the plain ones")
struct FastPathTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped ledger's records, one line each.
    static func shippedRecords() throws -> [[UInt8]] {
        let dir = repo.appendingPathComponent("Events")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".jsonl") }
        var lines: [[UInt8]] = []
        for file in files.sorted() {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            lines += data.split(separator: 0x0A).map { Array($0) }
        }
        return lines
    }

    /// A record's event alone, as input: the record without its seal members.
    static func eventInput(_ record: [UInt8]) throws -> [UInt8] {
        guard case .object(var o) = try JSONParser.parse(record) else { throw CocoaError(.coderInvalidValue) }
        for key in ["seq", "prev", "hash", "id", "recorded", "recorder"] { o.removeValue(forKey: key) }
        return CanonicalJSON.encode(.object(o))
    }

    /// The report every tricky case starts from.
    static let base =
        #"{"type":"report","title":"T","occurred":"2025","claims":[{"id":"claim:x","stance":"reports"}],"#
        + #""sources":[{"url":"https://a.example/x"}]}"#

    static let zeros = String(repeating: "0", count: 32)

    /// An event of `type` with `part` among its fields.
    static func event(_ type: String, _ part: String) -> String {
        #"{"type":"\#(type)","title":"E","occurred":"2025",\#(part),"sources":[{"url":"https://a.example/x"}]}"#
    }

    /// The base report with `old` replaced by `new`.
    static func with(_ old: String, _ new: String) -> String { base.replacingOccurrences(of: old, with: new) }

    /// Inputs that take the unusual turns: escapes, non-ASCII and NFC-changing text, duplicate
    /// and unknown keys, nulls, big numbers, whitespace, bad UTF-8, control characters.
    static let tricky: [String] = [
        with(#""occurred":"2025""#, #""occurred":"2025-01-02""#),
        with(#""title":"T""#, #""title":"Esc \"quoted\" \\ \/ \n""#),
        with(#""title":"T""#, #""title":"Tab\there""#),
        with(#""title":"T""#, #""title":"Café""#),
        with(#""title":"T""#, "\"title\":\"Cafe\u{301}\""),
        with(#""title":"T""#, #""title":"Cafe\u0301 \u00e9 \ud83d\ude00""#),
        with(#""title":"T""#, #""title":"Zero\u200bwidth""#),
        with(#""title":"T""#, #""title":"Del here""#),
        with(#""title":"T""#, #""title":"Bell\u0007""#),
        with(#""title":"T""#, #""title":"   ""#),
        with(#""title":"T""#, #""title":"""#),
        with(#""title":"T""#, #""title":"Dup","title":"Dup""#),
        with(#""title":"T""#, #""title":"Esc key""#).replacingOccurrences(of: "}]}", with: #"}],"\u0074itle2":1}"#),
        with(#""title":"T""#, #""tit\u006ce":"Escaped key""#),
        with(#""title":"T""#, #""title":"K""#).replacingOccurrences(of: "}]}", with: #"}],"\u212a":1}"#),
        with(#""title":"T""#, #""title":"Unknown""#).replacingOccurrences(of: "}]}", with: #"}],"zz":1,"aa":2}"#),
        with(#""title":"T""#, #""title":"Null summary","summary":null""#),
        with(#""title":"T""#, #""title":"Big""#).replacingOccurrences(
            of: "}]}", with: #"}],"id":9223372036854775807}"#),
        with(#""title":"T""#, #""title":"Big""#).replacingOccurrences(
            of: "}]}", with: #"}],"id":-9223372036854775808}"#),
        with(#""title":"T""#, #""title":"Big""#).replacingOccurrences(
            of: "}]}", with: #"}],"id":99999999999999999999}"#),
        with(#""title":"T""#, #""title":"Id""#).replacingOccurrences(
            of: "}]}", with: #"}],"id":"ev_00000000000000000000000000000000"}"#),
        with(#""title":"T""#, #""title":"Id""#).replacingOccurrences(of: "}]}", with: #"}],"id":null}"#),
        " \t\r\n"
            + base.replacingOccurrences(of: "\":", with: "\" : ").replacingOccurrences(of: ",\"", with: " , \"")
            .replacingOccurrences(of: "[{", with: "[ { ") + " \n",
        with(#""title":"T""#, #""title":"Seq","seq":1""#),
        with(#""title":"T""#, #""title":"Ext","external_id":"row-12""#),
        with(#""title":"T""#, #""title":"Ext","external_id":"Caf\u00e9 \u2028""#),
        with(#""title":"T""#, #""title":"Ext","external_id":"""#),
        with(#""title":"T""#, #""title":"Ext","external_id":null""#),
        with(#""title":"T""#, #""title":"Ext","external_id":["x"]""#),
        with(#""title":"T""#, #""title":"Ext","external_id":"a\tb""#),
        with(#""title":"T""#, #""title":"Ext","external_id":"x","external_id":"y""#),
        with(#""title":"T""#, #""title":"Ext","external_id":"\#(String(repeating: "é", count: 201))""#),
        event("entity", #""entity":{"id":"org:x","name":"X"},"external_id":"ACLED CHN123""#),
        with(#""title":"T""#, #""title":"Frac""#).replacingOccurrences(of: "}]}", with: #"}],"n":1.5}"#),
        with(#""title":"T""#, #""title":"Lead0""#).replacingOccurrences(of: "}]}", with: #"}],"n":01}"#),
        with(#""title":"T""#, #""title":"Neg0""#).replacingOccurrences(of: "}]}", with: #"}],"n":-0}"#),
        with(#""title":"T""#, #""title":"Bools""#).replacingOccurrences(
            of: "}]}", with: #"}],"n":[true,false,null,{},[]]}"#),
        with("https://a.example/x", "HTTPS://A.example/x"),
        with("https://a.example/x", "https://a.example/ x"),
        with("https://a.example/x", "https://"),
        with("https://a.example/x", "httpx://a.example/x"),
        with("https://a.example/x", #"https://\u0301a.example/x"#),
        with("https://a.example/x", "https://a.example/é"),
        with(#""occurred":"2025""#, #""occurred":"2025-02-30""#),
        with(#""occurred":"2025""#, #""occurred":"2024-02-29T23:59:59Z""#)
            .replacingOccurrences(of: #"x"}"#, with: #"x","published":"0000"}"#),
        with(#""reports"}"#, #""reports"},{"id":"claim:x","stance":"denies"}"#),
        with(#""reports"}"#, #""reports","extra":1}"#),
        with(#"[{"url":"https://a.example/x"}]"#, #"["https://a.example/x"]"#),
        with(#"[{"id":"claim:x","stance":"reports"}]"#, #"{"id":"claim:x"}"#),
        event("entity", #""entity":{"id":"org:x","name":"X","aliases":["Ex",{}]}"#),
        event("entity", #""entity":{"id":"org:x","name":"X","aliases":["Ex","E\u200bx"]}"#),
        event(
            "ban",
            #""ban":{"id":"ban:b","authority":"gov:us","targets":["country:cn"],"#
                + #""items":["chips"],"effective":"2026"}"#),
        event("ban", #""ban":{"id":"ban:b","authority":"gov:us","targets":[],"items":["chips"]}"#),
        event("correction", #""amends":{"event":"ev_\#(zeros)","reason":"r","set":{"title":"T","foo":1}}"#),
        event(
            "correction",
            #""amends":{"event":"ev_\#(zeros)","reason":"r","set":{"sources":[{"url":"https://a.example/y"}]}}"#),
        event("claim-status", #""assessment":{"claim":"claim:x","status":"confirmed","note":"n\nm"}"#),
        event("release", #""actors":[{"entity":"org:x","role":"maker"}],"release":{"product":"model:x","version":"1"}"#)
            .replacingOccurrences(of: #"{"url":"https://a.example/x"}"#, with: #"{"publisher":"P","title":"T"}"#),
        event("ban-lifted", #""lifts":{"ban":"ban:b","scope":"partial"},"entity":{}"#),
        #"[{"type":"report"}]"#,
        #"{"type":"nope","title":"T"}"#,
        #"{"type":1}"#,
        #"{}"#,
        String(repeating: #"{"a":"#, count: 33) + "1" + String(repeating: "}", count: 33),
        #"{"type":"report","title":"Cut"#,
        #"{"type":"report","title":"Trailing"} x"#,
    ]

    /// Inputs as bytes, with a few that are not UTF-8 or hold raw control bytes.
    static func trickyInputs() -> [[UInt8]] {
        var inputs = tricky.map { Array($0.utf8) }
        let base = Array(with(#""title":"T""#, #""title":"Plain""#).utf8)
        let at = base.firstIndex(of: UInt8(ascii: "P"))!
        for bad: [UInt8] in [
            [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x01], [0x7F],
        ] {
            var b = base
            b.replaceSubrange(at..<at + 1, with: bad)
            inputs.append(b)
        }
        return inputs
    }

    /// What an input makes: an event with the id it declares, or the error's words.
    enum Outcome: Equatable {
        case event(Event, JSONValue?)
        case error(String)
    }

    /// What the plain way makes of an input.
    static func slow(_ bytes: [UInt8]) -> Outcome {
        do {
            let value = try JSONParser.parse(bytes)
            return .event(try EventDecoder.decode(value), value["id"])
        } catch {
            return .error("\(error)")
        }
    }

    static func checkAgreement(_ bytes: [UInt8]) {
        let plain = slow(bytes)
        if let (event, declared) = EventDecoder.decodeFast(bytes[...], requireNFC: false) {
            guard case .event(let expected, let expectedID) = plain else {
                Issue.record(
                    "the fast path accepts what the plain one refuses: \(String(decoding: bytes, as: UTF8.self))")
                return
            }
            #expect(event == expected)
            #expect(event.canonicalBytes == expected.canonicalBytes)
            #expect(declared == expectedID)
        }
        if EventDecoder.decodePlain(bytes[...]) != nil {
            #expect(TextRules.normalizedIfNeeded(try! JSONParser.parse(bytes)) == nil)
        }
        let viaBytes: Outcome
        do {
            let event = try EventDecoder.decode(bytes: bytes[...])
            if case .event(_, let id) = plain { viaBytes = .event(event, id) } else { viaBytes = .event(event, nil) }
        } catch {
            viaBytes = .error("\(error)")
        }
        #expect(viaBytes == plain, "\(String(decoding: bytes, as: UTF8.self))")
        checkTape(bytes)
    }

    /// A tape holds exactly the values the parser finds, in the same order.
    static func checkTape(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            guard let tape = try? JSONTape(buf) else { return }
            let parsed = try? JSONParser.parse(bytes)
            #expect(parsed != nil, "the tape accepts what the parser refuses")
            tape.withView { t in
                if let parsed { #expect(sameInOrder(t.jsonValue(0), parsed)) }
            }
        }
    }

    static func sameInOrder(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.count == y.count
                && zip(x.members, y.members).allSatisfy { $0.key == $1.key && sameInOrder($0.value, $1.value) }
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy(sameInOrder)
        default: a == b
        }
    }

    @Test func trickyEventsAgree() {
        for input in Self.trickyInputs() { Self.checkAgreement(input) }
    }

    @Test func shippedEventsAgree() throws {
        let records = try Self.shippedRecords()
        #expect(records.count > 50)
        for record in records {
            let input = try Self.eventInput(record)
            Self.checkAgreement(input)
            #expect(
                EventDecoder.decodeFast(input[...], requireNFC: false) != nil, "a shipped event takes the slow path")
        }
    }

    /// An event with an external id takes the fast path, and gives the slow path's event.
    @Test func externalIDTakesTheFastPath() throws {
        let input = Array(Self.with(#""title":"T""#, #""title":"Ext","external_id":"row-12""#).utf8)
        let fast = EventDecoder.decodeFast(input[...], requireNFC: false)
        #expect(fast?.0.externalID == "row-12")
        #expect(fast?.0 == (try EventDecoder.decode(JSONParser.parse(input))))
    }

    @Test func shippedRecordsAgree() throws {
        for record in try Self.shippedRecords() {
            #expect(RecordCodec.readFast(record[...]) != nil, "a shipped record takes the slow path")
            let fast = try RecordCodec.decode(record[...], vouched: false, fast: true)
            let slow = try RecordCodec.decode(record[...], vouched: false, fast: false)
            #expect(fast == slow)
        }
    }

    /// Seeded random damage to real events and records: both ways give the same verdict.
    @Test func damagedInputsAgree() throws {
        var rng = SplitMix(seed: 14)
        let records = try Self.shippedRecords()
        let bytesToPut: [UInt8] = [
            0x22, 0x5C, 0x20, 0x0A, 0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x31,
            0x2D, 0x61, 0x75, 0x6E,
        ]
        for round in 0..<600 {
            let record = records[Int(rng.next() % UInt64(records.count))]
            var bytes = round % 2 == 0 ? record : try Self.eventInput(record)
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = bytesToPut[Int(rng.next() % UInt64(bytesToPut.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(bytesToPut[Int(rng.next() % UInt64(bytesToPut.count))], at: at)
                }
            }
            if round % 2 == 0 {
                let fast = Result { () throws(RecordCodec.Problem) in
                    try RecordCodec.decode(bytes[...], vouched: false, fast: true)
                }
                let slow = Result { () throws(RecordCodec.Problem) in
                    try RecordCodec.decode(bytes[...], vouched: false, fast: false)
                }
                #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self))")
                Self.checkTape(bytes)
            } else {
                Self.checkAgreement(bytes)
            }
        }
    }

    @Test func utf8CheckAgreesWithTheStandardLibrary() {
        var rng = SplitMix(seed: 8)
        let edges: [[UInt8]] = [
            [], [0x7F], [0xC2, 0x80], [0xC1, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF],
            [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xC2],
        ]
        var samples = edges
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 6)
            samples.append(
                (0..<n).map { _ in
                    let r = rng.next()
                    return r % 4 == 0
                        ? UInt8(truncatingIfNeeded: r >> 8)
                        : [0x80, 0xBF, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0x41][Int((r >> 8) % 8)]
                })
        }
        for s in samples {
            let ours = s.withUnsafeBufferPointer(ByteScan.isValidUTF8)
            #expect(ours == (String(validating: s, as: UTF8.self) != nil), "\(s)")
        }
    }

    @Test func wordScansAgreeWithByteLoops() {
        var rng = SplitMix(seed: 3)
        let alphabet: [UInt8] = [0x20, 0x20, 0x61, 0x62, 0x0A, 0x09, 0x1F, 0x22, 0x5C, 0x7F, 0x80, 0xC3, 0xA9, 0x41]
        for _ in 0..<5_000 {
            let n = Int(rng.next() % 40)
            let bytes = (0..<n).map { _ in rng.next() % 3 == 0 ? alphabet[Int(rng.next() % 14)] : 0x61 }
            bytes.withUnsafeBufferPointer { b in
                #expect(ByteScan.isASCII(b) == bytes.allSatisfy { $0 < 0x80 })
                let plain = bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && bytes.contains { $0 != 0x20 }
                #expect(ByteScan.isPlainText(b) == plain)
                let from = n == 0 ? 0 : Int(rng.next() % UInt64(n))
                let stop = bytes[from...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? n
                let found = ByteScan.firstSpecial(b, from: from)
                #expect(found.index == stop)
                #expect(found.sawNonASCII == bytes[from..<stop].contains { $0 >= 0x80 })
            }
            // Strings written the fast way read back as themselves.
            let s = String(decoding: bytes, as: UTF8.self)
            var out: [UInt8] = []
            CanonicalJSON.writeString(s, into: &out)
            #expect((try? JSONParser.parse(out)) == .string(s))
            #expect(out == Self.referenceString(s))
        }
    }

    /// Canonical string bytes, byte by byte, as the rules say.
    static func referenceString(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        return out + [0x22]
    }

    @Test func datesAndTimesAreWrittenAsBefore() throws {
        for text in ["0001", "2025-11", "2024-02-29", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"] {
            let d = try PartialDate.parse(text)
            #expect(
                d.description == PartialDate.format(d.year, d.month, d.day, d.hour, d.minute, d.second, d.precision))
        }
        var rng = SplitMix(seed: 5)
        for _ in 0..<2_000 {
            let s = Int64(bitPattern: rng.next()) % 400_000_000_000
            let t = Timestamp(secondsSinceEpoch: s)
            let days = Int(s >= 0 ? s / 86_400 : (s - 86_399) / 86_400)
            let rem = Int(s - Int64(days) * 86_400)
            let (y, m, d) = Timestamp.civil(fromDays: days)
            let time = "\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2))Z"
            let expected = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T" + time
            #expect(t.description == expected)
        }
    }
}
