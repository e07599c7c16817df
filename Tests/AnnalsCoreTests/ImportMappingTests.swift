import Testing

@testable import AnnalsCore

@Suite("Import mapping")
struct ImportMappingTests {
    /// (format, cell, the ledger's date or nil when the cell does not match)
    static let dates: [(String, String, String?)] = [
        ("YYYY-MM-DD", "2025-11-03", "2025-11-03"),
        ("DD/MM/YYYY", "03/11/2025", "2025-11-03"),
        ("DD/MM/YYYY", "3/11/2025", "2025-11-03"),
        ("MM/DD/YYYY", "11/03/2025", "2025-11-03"),
        ("MM/DD/YYYY", "13/03/2025", nil),
        ("D MMMM YYYY", "3 November 2025", "2025-11-03"),
        ("D MMMM YYYY", "3 Nov 2025", "2025-11-03"),
        ("D MMMM YYYY", "3 Brumaire 2025", nil),
        ("YYYY-MM", "2025-11", "2025-11"),
        ("YYYY", "2025", "2025"),
        ("YYYY", "25", nil),
        ("DD/MM/YYYY", "2025-11-03", nil),
        ("DD/MM/YYYY", "03/11/2025 ", "2025-11-03"),
        ("DD/MM/YYYY", "03/11/2025x", nil),
    ]

    @Test("reads dates in spreadsheet formats", arguments: dates)
    func readsDates(_ format: String, _ cell: String, _ expected: String?) throws {
        #expect(try DateFormat(format).date(cell) == expected)
    }

    @Test func refusesFormatsWithoutAYear() {
        #expect(throws: DateFormat.Invalid.self) { try DateFormat("DD/MM") }
        #expect(throws: DateFormat.Invalid.self) { try DateFormat("DD YYYY") }
    }

    static let base =
        #"{"type":{"const":"report"},"title":{"column":"T"},"occurred":{"column":"D"},"sources":[{"url":{"column":"U"}}]"#

    /// (mapping JSON, the mapping key the error must name)
    static let badMappings: [(String, String)] = [
        (#"{"title":{"column":"T"}}"#, "mapping key 'type'"),
        (base + #","colour":{"const":"x"}}"#, "mapping key 'colour'"),
        (
            base.replacingOccurrences(of: #"{"const":"report"}"#, with: #"{"const":"a","column":"b"}"#) + "}",
            "mapping key 'type'"
        ),
        (
            base.replacingOccurrences(of: #"{"column":"D"}"#, with: #"{"column":"D","format":"DD"}"#) + "}",
            "mapping key 'occurred.format'"
        ),
        (
            base.replacingOccurrences(of: #","sources":[{"url":{"column":"U"}}]"#, with: "") + "}",
            "mapping key 'sources'"
        ),
        (base.replacingOccurrences(of: #""url""#, with: #""link""#) + "}", "mapping key 'sources[0].link'"),
        (base + #","actors":[{"entity":{"column":"A"}}]}"#, "mapping key 'actors[0]'"),
    ]

    @Test("mapping errors name the key", arguments: badMappings)
    func refusesBadMappings(_ json: String, _ place: String) throws {
        let value = try JSONParser.parse(Array(json.utf8))
        #expect {
            _ = try ImportMapping.decode(value)
        } throws: { error in
            guard let e = error as? ImportError else { return false }
            return e.place == place && !e.fix.isEmpty
        }
    }

    static func row(_ line: String) throws -> CSVParser.Row {
        var p = CSVParser()
        var out: [CSVParser.Row] = []
        try p.feed(Array((line + "\n").utf8)) { out.append($0) }
        return out[0]
    }

    @Test func mapsARowAndTellsWhereFieldsCameFrom() throws {
        let json =
            Self.base.replacingOccurrences(of: #"{"column":"D"}"#, with: #"{"column":"D","format":"DD/MM/YYYY"}"#)
            + #","summary":{"column":"S","optional":true},"claim":{"id":{"column":"C"},"#
            + #""stance":{"column":"St","map":{"Reports":"reports"}}}}"#
        let m = try ImportRowMapper(
            mapping: ImportMapping.decode(JSONParser.parse(Array(json.utf8))), header: ["T", "D", "U", "S", "C", "St"])
        let (event, columns) = try m.event(Self.row("A title,03/11/2025,https://a.example/x,,claim:x,Reports"))
        let decoded = try EventDecoder.decode(event)
        #expect(decoded.title == "A title" && decoded.occurred.description == "2025-11-03" && decoded.summary == nil)
        #expect(decoded.claims.first?.stance.rawValue == "reports")
        #expect(ImportRowMapper.column(for: "sources[0].url", in: columns) == "U")
        #expect(ImportRowMapper.column(for: "claims[0].id", in: columns) == "C")
        #expect(ImportRowMapper.column(for: "type", in: columns) == nil)
        #expect(throws: ImportError.self) {
            _ = try m.event(Self.row(",03/11/2025,https://a.example/x,,claim:x,Reports"))
        }
        #expect(throws: ImportError.self) {
            _ = try m.event(Self.row("T,03/11/2025,https://a.example/x,,claim:x,Says"))
        }
        #expect(throws: ImportError.self) {
            _ = try ImportRowMapper(mapping: m.mapping, header: ["T", "D"])
        }
    }
}
