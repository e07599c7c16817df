/// A UTC instant with second precision, written `YYYY-MM-DDTHH:MM:SSZ`: the ledger's
/// transaction-time clock (`recorded`).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    public var description: String {
        let days = Int(secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400)
        let rem = Int(secondsSinceEpoch - Int64(days) * 86_400)
        let (y, m, d) = Self.civil(fromDays: days)
        if y >= 0 && y <= 9999 {
            // The common case, digit by digit into the string's storage.
            return String(unsafeUninitializedCapacity: 20) { out in
                func put(_ v: Int, _ width: Int, at i: Int) {
                    var v = v
                    for j in stride(from: i + width - 1, through: i, by: -1) {
                        out[j] = 0x30 + UInt8(v % 10)
                        v /= 10
                    }
                }
                put(y, 4, at: 0)
                put(m, 2, at: 5)
                put(d, 2, at: 8)
                put(rem / 3600, 2, at: 11)
                put(rem / 60 % 60, 2, at: 14)
                put(rem % 60, 2, at: 17)
                for (i, c) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")]
                    as [(Int, Unicode.Scalar)]
                {
                    out[i] = UInt8(ascii: c)
                }
                return 20
            }
        }
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, or a bare date `YYYY-MM-DD` meaning its first second.
    public static func parse(_ text: String) throws(PartialDate.ParseError) -> Timestamp {
        let d = try PartialDate.parse(text)
        guard d.precision >= .day else {
            throw PartialDate.ParseError(
                message: "a recorded time needs at least a day: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
        return Timestamp(startOf: d)
    }

    /// Parses like ``parse(_:)`` an upper bound of "recorded by": a bare date `YYYY-MM-DD`
    /// means its last second, so a day names everything recorded during it.
    public static func parse(upTo text: String) throws(PartialDate.ParseError) -> Timestamp {
        let start = try parse(text)
        guard try PartialDate.parse(text).precision == .day else { return start }
        return Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 86_399)
    }

    /// The first second of a partial date's period.
    public init(startOf d: PartialDate) {
        let days = Self.days(fromCivil: d.year, d.month, d.day)
        secondsSinceEpoch = Int64(days) * 86_400 + Int64(d.hour * 3600 + d.minute * 60 + d.second)
    }

    // Howard Hinnant's civil-date algorithms.
    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
