import Testing

@testable import AnnalsCore

@Suite("Partial dates and timestamps")
struct PartialDateTests {
    @Test(
        "accepts real dates at every precision",
        arguments: [
            ("2025", PartialDate.Precision.year, "2025-01-01"),
            ("2025-11", .month, "2025-11-01"),
            ("2024-02-29", .day, "2024-02-29"),
            ("2000-02-29", .day, "2000-02-29"),
            ("2025-11-02T14:05:09Z", .timestamp, "2025-11-02"),
        ])
    func accepts(_ text: String, _ precision: PartialDate.Precision, _ start: String) throws {
        let d = try PartialDate.parse(text)
        #expect(d.precision == precision)
        #expect(d.description == text)
        #expect(d.startDay == start)
    }

    @Test(
        "refuses impossible or malformed dates",
        arguments: [
            "2026-02-30", "2025-02-29", "1900-02-29", "2025-13", "2025-00", "2025-04-31", "0000",
            "25", "2025-1", "2025-11-2", "2025/11/02", "2025-11-02T25:00:00Z", "2025-11-02T10:00:00",
            "2025-11-02T10:00:00+01:00", "2025-11-02 10:00:00Z", " 2025", "",
        ])
    func refuses(_ text: String) {
        #expect(throws: PartialDate.ParseError.self) { try PartialDate.parse(text) }
    }

    @Test func ordersByStartThenPrecision() throws {
        let sorted = try ["2025-11-01T00:00:00Z", "2025-11-01", "2025-11", "2025", "2024-12-31"].map(PartialDate.parse)
            .sorted()
        #expect(sorted.map(\.description) == ["2024-12-31", "2025", "2025-11", "2025-11-01", "2025-11-01T00:00:00Z"])
    }

    @Test(
        "timestamps print as UTC and survive a round trip",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"),
            (Int64(951_782_400), "2000-02-29T00:00:00Z"),
            (Int64(1_795_825_801), "2026-11-28T00:30:01Z"),
        ])
    func timestamps(_ seconds: Int64, _ text: String) throws {
        #expect(Timestamp(secondsSinceEpoch: seconds).description == text)
        #expect(try Timestamp.parse(text).secondsSinceEpoch == seconds)
    }
}
