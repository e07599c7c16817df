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
        ImportError(
            place: key.isEmpty ? "the mapping" : "mapping key '\(UserText.escaped(key))'", problem: problem, fix: fix)
    }

    static func mapping(key: String, _ e: DateFormat.Invalid) -> ImportError {
        mapping(key: key, problem: e.problem, fix: "e.g. \"DD/MM/YYYY\", \"MM/DD/YYYY\", \"D MMMM YYYY\", \"YYYY-MM\"")
    }

    public static func row(
        _ record: Int, line: Int, column: String?, value: String?, problem: String, fix: String
    ) -> ImportError {
        ImportError(
            place: "row \(record) (line \(line))" + (column.map { ", column '\(UserText.escaped($0))'" } ?? ""),
            value: value,
            problem: problem, fix: fix)
    }

    /// Names from the user's input listed in a fix: each quoted and escaped, at most `limit` of
    /// them, so a 300,000-column header gives a short message.
    public static func list(_ names: some Collection<String>, limit: Int = 20) -> String {
        let shown = names.prefix(limit).map { UserText.quoted($0) }.joined(separator: ", ")
        return names.count > limit ? shown + ", … (\(names.count) in all)" : shown
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
