/// Why an input event was refused: where, which field, what value, what is wrong and how to fix it.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the input: "line 3", "item 2", or empty for a single event.
    public var location: String
    /// The field path, e.g. `sources[0].url`; empty when the whole event is concerned.
    public var field: String
    /// The offending value, shortened for display; nil when the field is missing.
    public var value: String?
    public var problem: String
    public var fix: String

    public init(location: String = "", field: String, value: String? = nil, problem: String, fix: String) {
        self.location = location
        self.field = field
        self.value = value.map(Self.shorten)
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        var parts: [String] = []
        if !location.isEmpty { parts.append(location) }
        if !field.isEmpty { parts.append("field '\(field)'") }
        var head = parts.joined(separator: ", ")
        if let value { head += (head.isEmpty ? "" : " ") + "= \(value)" }
        return (head.isEmpty ? "" : head + ": ") + problem + ". Fix: " + fix
    }

    /// `s` quoted for a message: escaped and capped (``UserText/quoted(_:limit:)``).
    public static func shorten(_ s: String) -> String { UserText.quoted(s) }
}
