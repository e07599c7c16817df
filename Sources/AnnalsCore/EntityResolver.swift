/// Finds the entity a person means by an id, a name or an alias, as `append` accepts them:
/// names and aliases compared as the name index compares them (NFC, case-folded, single
/// spaces, invisible characters ignored). An unknown text gets "did you mean" candidates by
/// edit distance; a text that names two entities is refused with both.
public struct EntityResolver: Sendable {
    /// One registered entity: its id, name and aliases.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var aliases: [String]
        /// Names in other languages and scripts (`zh`: `深度求索`), resolved like aliases.
        public var names: [LocalName]

        public init(id: String, name: String, aliases: [String], names: [LocalName] = []) {
            self.id = id
            self.name = name
            self.aliases = aliases
            self.names = names
        }

        /// The name, the aliases and the names in other languages.
        var allNames: [String] { [name] + aliases + names.map(\.text) }
    }

    private let entries: [Entry]
    private let byID: Set<String>
    private let byName: [String: [String]]

    public init(_ entries: [Entry]) {
        self.entries = entries
        byID = Set(entries.map(\.id))
        var names: [String: [String]] = [:]
        for entry in entries {
            for text in entry.allNames {
                let key = Name.alias(text).value
                if names[key]?.contains(entry.id) != true { names[key, default: []].append(entry.id) }
            }
        }
        byName = names
    }

    /// The id of the entity `text` names, given as `flag`.
    public func resolve(_ text: String, flag: String) throws(UnknownEntityError) -> String {
        if byID.contains(text) { return text }
        let ids = byName[Name.alias(text).value] ?? []
        if ids.count == 1 { return ids[0] }
        if ids.count > 1 { throw UnknownEntityError(flag: flag, text: text, ambiguous: ids.sorted(), suggestions: []) }
        throw UnknownEntityError(flag: flag, text: text, ambiguous: [], suggestions: suggestions(for: text))
    }

    /// Up to three ids, names or aliases close to `text` (by ``Suggestions``' edit distance, case-folded),
    /// closest first.
    func suggestions(for text: String) -> [String] {
        let wanted = Array(Name.alias(text).value.unicodeScalars)
        let limit = max(2, wanted.count / 3)
        var scored: [(distance: Int, text: String)] = []
        for entry in entries {
            for candidate in [entry.id] + entry.allNames {
                let d = Suggestions.distance(wanted, Array(Name.alias(candidate).value.unicodeScalars))
                if d <= limit { scored.append((d, candidate == entry.id ? candidate : "\(candidate) (\(entry.id))")) }
            }
        }
        var seen: Set<String> = []
        return scored.sorted { ($0.distance, $0.text) < ($1.distance, $1.text) }.map(\.text)
            .filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }

}

/// An entity given by a flag that no registered entity answers to, or that two answer to.
public struct UnknownEntityError: AnnalsFailure, Equatable {
    public var flag: String
    public var text: String
    /// The ids of the entities the text names, when more than one does.
    public var ambiguous: [String]
    /// Close ids, names or aliases, when none does.
    public var suggestions: [String]

    public var description: String {
        let given = "\(flag) \(UserText.quoted(text))"
        if !ambiguous.isEmpty {
            return "\(given) names \(ambiguous.count) entities: \(ambiguous.joined(separator: ", ")). "
                + "Fix: give the id of the one you mean"
        }
        let fix =
            suggestions.isEmpty
            ? "give an id, name or alias from 'annals entities'"
            : "did you mean " + suggestions.joined(separator: ", or ") + "? ('annals entities' lists every entity)"
        return "\(given) is no registered entity's id, name or alias. Fix: \(fix)"
    }
    public var status: ExitStatus { .badInput }
}
