/// A spreadsheet date format such as `DD/MM/YYYY`, `MM/DD/YYYY`, `D MMMM YYYY`, `YYYY-MM` or
/// `YYYY`: `YYYY` a year, `MM`/`M` a month number, `MMMM` an English month name, `DD`/`D` a day;
/// anything else must appear as written. The fields it has set the precision of the date.
public struct DateFormat: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case year, month, monthName, day
        case literal(Character)
    }
    let parts: [Part]
    public let text: String

    public struct Invalid: Error, Sendable { public var problem: String }

    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// `YYYY-MM-DD`, the format when a mapping gives none.
    static let iso = DateFormat(parts: [.year, .literal("-"), .month, .literal("-"), .day], text: "YYYY-MM-DD")

    private init(parts: [Part], text: String) {
        self.parts = parts
        self.text = text
    }

    public init(_ text: String) throws(Invalid) {
        self.text = text
        var parts: [Part] = []
        var rest = Substring(text)
        while let c = rest.first {
            if rest.hasPrefix("YYYY") {
                parts.append(.year)
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("MMMM") {
                parts.append(.monthName)
                rest = rest.dropFirst(4)
            } else if rest.hasPrefix("MM") || c == "M" {
                parts.append(.month)
                rest = rest.dropFirst(rest.hasPrefix("MM") ? 2 : 1)
            } else if rest.hasPrefix("DD") || c == "D" {
                parts.append(.day)
                rest = rest.dropFirst(rest.hasPrefix("DD") ? 2 : 1)
            } else {
                parts.append(.literal(c))
                rest = rest.dropFirst()
            }
        }
        let has = { (p: Part) in parts.contains(p) }
        guard has(.year), !(has(.day) && !has(.month) && !has(.monthName)) else {
            throw Invalid(problem: "a date format needs YYYY, and a month (MM or MMMM) if it has a day (DD)")
        }
        self.parts = parts
    }

    /// The date in `cell` as the ledger writes it (`2025`, `2025-11`, `2025-11-03`), or nil if the
    /// cell does not match the format.
    public func date(_ cell: String) -> String? {
        var rest = Substring(cell.trimmingSpaces)
        var y: Int?
        var m: Int?
        var d: Int?
        func digits(_ most: Int) -> Int? {
            let n = rest.prefix(while: { $0.isASCII && $0.isNumber }).prefix(most)
            guard !n.isEmpty else { return nil }
            rest = rest.dropFirst(n.count)
            return Int(n)
        }
        for p in parts {
            switch p {
            case .year:
                guard rest.prefix(4).count == 4, let v = digits(4), v >= 1 else { return nil }
                y = v
            case .month:
                guard let v = digits(2), (1...12).contains(v) else { return nil }
                m = v
            case .day:
                guard let v = digits(2), (1...31).contains(v) else { return nil }
                d = v
            case .monthName:
                let word = rest.prefix(while: { $0.isLetter })
                guard
                    let i = Self.months.firstIndex(where: {
                        $0 == word.lowercased() || $0.prefix(3) == word.lowercased()
                    })
                else { return nil }
                m = i + 1
                rest = rest.dropFirst(word.count)
            case .literal(let c):
                guard rest.first == c else { return nil }
                rest = rest.dropFirst()
            }
        }
        guard rest.isEmpty, let y else { return nil }
        func pad(_ v: Int, _ w: Int) -> String {
            String(repeating: "0", count: max(0, w - String(v).count)) + String(v)
        }
        var out = pad(y, 4)
        if let m { out += "-" + pad(m, 2) }
        if let d { out += "-" + pad(d, 2) }
        return out
    }
}

extension String {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: Substring {
        guard let first = firstIndex(where: { $0 != " " }), let last = lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return self[first...last]
    }
}
