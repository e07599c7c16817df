/// A date in the world ("valid time") at the precision the sources give: a year, a month,
/// a day, or a UTC timestamp.
///
/// Ordering and comparisons use the start of the period: `2025-11` counts from 2025-11-01
/// and sorts before `2025-11-01` of day precision, which sorts before any timestamp that day.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Precision: String, Sendable, CaseIterable, Comparable {
        case year, month, day, timestamp
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
        var rank: Int { Self.allCases.firstIndex(of: self)! }
    }

    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int, minute: Int, second: Int
    public let precision: Precision
    /// The date as written in the log (`2025`, `2025-11`, `2025-11-02`, `2025-11-02T14:00:00Z`).
    public let description: String

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, precision: Precision) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.precision) = (
            year, month, day, hour, minute, second, precision
        )
        description = Self.format(year, month, day, hour, minute, second, precision)
    }

    /// A date whose written form is already known (as parsed).
    private init(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, precision: Precision, description: String
    ) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second, self.precision) = (
            year, month, day, hour, minute, second, precision
        )
        self.description = description
    }

    public static func == (a: PartialDate, b: PartialDate) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    static func format(
        _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, _ precision: Precision
    ) -> String {
        switch precision {
        case .year: return pad(year, 4)
        case .month: return "\(pad(year, 4))-\(pad(month, 2))"
        case .day: return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        case .timestamp:
            return
                "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
        }
    }

    /// The first day of the period as `YYYY-MM-DD`: the date the period counts from.
    public var startDay: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    /// The last day of the period as `YYYY-MM-DD` (`2025-11` ends on 2025-11-30).
    public var lastDay: String {
        switch precision {
        case .year: "\(pad(year, 4))-12-31"
        case .month: "\(pad(year, 4))-\(pad(month, 2))-\(pad(PartialDate.daysIn(month: month, year: year), 2))"
        case .day, .timestamp: startDay
        }
    }

    /// A sortable key: start of the period, then precision (coarser first).
    public var sortKey: String {
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        return date + "T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))#\(precision.rank)"
    }

    public static func < (a: PartialDate, b: PartialDate) -> Bool { a.sortKey < b.sortKey }

    /// Why a date string was refused; `parse` names the fix.
    public struct ParseError: Error, Sendable, Equatable {
        public var message: String
    }

    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`; rejects impossible dates.
    public static func parse(_ text: String) throws(ParseError) -> PartialDate {
        var text = text
        let fields = try text.withUTF8 { b in Result { () throws(ParseError) in try parseFields(b) } }.get()
        // Every field has a fixed width, so the text is exactly how the date is written.
        return PartialDate(
            year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute,
            second: fields.second, precision: fields.precision, description: text)
    }

    private static func parseFields(_ b: UnsafeBufferPointer<UInt8>) throws(ParseError) -> (
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, precision: Precision
    ) {
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count else { return nil }
            var v = 0
            for i in r {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        let shape = "expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)"
        guard let year = num(0..<4) else { throw ParseError(message: shape) }
        guard year >= 1 else { throw ParseError(message: "year 0000 does not exist; years run from 0001 to 9999") }
        if b.count == 4 { return (year, 1, 1, 0, 0, 0, .year) }
        guard b.count >= 7, b[4] == UInt8(ascii: "-"), let month = num(5..<7) else { throw ParseError(message: shape) }
        guard (1...12).contains(month) else {
            throw ParseError(message: "month \(pad(month, 2)) does not exist; months run from 01 to 12")
        }
        if b.count == 7 { return (year, month, 1, 0, 0, 0, .month) }
        guard b.count >= 10, b[7] == UInt8(ascii: "-"), let day = num(8..<10) else { throw ParseError(message: shape) }
        let last = daysIn(month: month, year: year)
        guard day >= 1 && day <= last else {
            throw ParseError(
                message: "\(pad(year, 4))-\(pad(month, 2)) has no day \(pad(day, 2)) (it has \(last) days)")
        }
        if b.count == 10 { return (year, month, day, 0, 0, 0, .day) }
        guard b.count == 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            b[19] == UInt8(ascii: "Z"), let h = num(11..<13), let m = num(14..<16), let s = num(17..<19)
        else { throw ParseError(message: shape) }
        guard h < 24, m < 60, s < 60 else {
            throw ParseError(message: "time \(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)) is out of range")
        }
        return (year, month, day, h, m, s, .timestamp)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
