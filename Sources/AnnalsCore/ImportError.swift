/// Why a spreadsheet import was refused: a mapping problem (naming the mapping key), or a row's
/// (naming the record, line, column header and value), with the fix.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// "map key 'sources[0].url'" or "row 12 (line 14), column 'Date'".
    public var place: String
    public var value: String?
    public var problem: String
    public var fix: String

    public init(place: String, value: String? = nil, problem: String, fix: String) {
        self.place = place
        self.value = value.map(ValidationError.shorten)
        self.problem = problem
        self.fix = fix
    }

    public static func mapping(key: String, problem: String, fix: String) -> ImportError {
        ImportError(place: key.isEmpty ? "the mapping" : "mapping key '\(key)'", problem: problem, fix: fix)
    }

    static func mapping(key: String, _ e: DateFormat.Invalid) -> ImportError {
        mapping(key: key, problem: e.problem, fix: "e.g. \"DD/MM/YYYY\", \"MM/DD/YYYY\", \"D MMMM YYYY\", \"YYYY-MM\"")
    }

    public static func row(
        _ record: Int, line: Int, column: String?, value: String?, problem: String, fix: String
    ) -> ImportError {
        ImportError(
            place: "row \(record) (line \(line))" + (column.map { ", column '\($0)'" } ?? ""), value: value,
            problem: problem, fix: fix)
    }

    public var description: String {
        place + (value.map { " = \($0)" } ?? "") + ": " + problem + ". Fix: " + fix
    }
}

extension ImportError: AnnalsFailure {
    public var status: ExitStatus { .badInput }
}

extension CSVError: AnnalsFailure {
    public var status: ExitStatus { .badInput }
}
