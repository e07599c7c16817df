import AnnalsCore
import AnnalsSystem

/// The ledger's settings, in `ledger.json` at its root (committed with `Events/`): its origin,
/// the first line of every checkpoint (C2SP tlog-checkpoint), which names the log; optionally the
/// archive folder (``archive(_:)``) and the ledger's title, description and publisher (``words(_:)``).
public struct LedgerConfig: Sendable, Equatable {
    public var origin: String

    public init(origin: String) throws(ConfigError) {
        try Self.check(origin: origin)
        self.origin = origin
    }

    /// An origin must be a non-empty line of at most 255 bytes without spaces, control characters
    /// or `+`, so it can also be a signed-note key name (e.g. `example.org/ai-chips`).
    public static func check(origin: String) throws(ConfigError) {
        let ok =
            !origin.isEmpty && origin.utf8.count <= 255
            && !origin.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "+" }
        if !ok { throw .badOrigin(origin) }
    }

    /// The config of the ledger in `layout` (nil when it has none yet).
    public static func load(_ layout: LedgerLayout) throws -> LedgerConfig? {
        guard let value = try settings(layout) else { return nil }
        guard let origin = value["origin"]?.stringValue else { throw ConfigError.unreadable(path: layout.config) }
        return try LedgerConfig(origin: origin)
    }

    /// The archive folder (`sources capture` writes WARC files there), relative to the ledger's
    /// root: `archive` in ledger.json, else `Archive`. A path outside the ledger, or into its own
    /// folders or files (`Events/`, `Snapshots/`, `Checkpoints/`, `.annals/`, ledger.json),
    /// symbolic links resolved, is refused when it is read.
    public static func archive(_ layout: LedgerLayout) throws -> String {
        guard let given = try settings(layout)?["archive"] else { return "Archive" }
        guard let s = given.stringValue, !s.isEmpty, !s.hasPrefix("/"), !s.split(separator: "/").contains(".."),
            !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { throw ConfigError.badPath(key: "archive", problem: "is not a folder inside the ledger") }
        let resolved = OutputPath.resolve(layout.root + "/" + s)
        if resolved == OutputPath.resolve(layout.root) {
            throw ConfigError.badPath(key: "archive", problem: "is the ledger's root folder")
        }
        for (folder, name) in layout.protectedFolders + layout.protectedFiles {
            let real = OutputPath.resolve(folder)
            if resolved == real || resolved.hasPrefix(real + "/") {
                throw ConfigError.badPath(key: "archive", problem: "points into \(name), the ledger's own")
            }
        }
        return s
    }

    /// The ledger's title, description and publisher (`title`, `description`, `publisher` in
    /// ledger.json, each optional), checked when read: a string, not empty, within its size cap
    /// (``LedgerWords/keys``), without control characters (a description may hold line breaks).
    public static func words(_ layout: LedgerLayout) throws -> LedgerWords {
        guard let settings = try settings(layout) else { return LedgerWords() }
        var found: [String: String] = [:]
        for (key, cap, multiline) in LedgerWords.keys {
            guard let given = settings[key] else { continue }
            guard let text = given.stringValue else { throw ConfigError.badText(key: key, problem: "is not a string") }
            if let problem = LedgerWords.problem(text, maxBytes: cap, multiline: multiline) {
                throw ConfigError.badText(key: key, problem: problem)
            }
            found[key] = text
        }
        var language: String? = nil
        if let tag = found["language"] {
            guard let canonical = LanguageTag.canonical(tag) else {
                throw ConfigError.badText(key: "language", problem: "is not a BCP 47 language tag (e.g. en, zh-Hans)")
            }
            language = canonical
        }
        return LedgerWords(
            title: found["title"], description: found["description"], publisher: found["publisher"],
            language: language)
    }

    /// ledger.json as a JSON value, read with its cap (nil when there is none).
    private static func settings(_ layout: LedgerLayout) throws -> JSONValue? {
        guard FileSystem.exists(layout.config) else { return nil }
        let bytes = try InputFile.read(layout.config, cap: .config)
        guard let value = try? JSONParser.parse(bytes[...]), value.objectValue != nil else {
            throw ConfigError.unreadable(path: layout.config)
        }
        return value
    }

    /// Writes the config (canonical JSON and a newline), durably, keeping the other settings
    /// ledger.json holds (archive, title, description, publisher).
    public func save(_ layout: LedgerLayout) throws {
        var settings = (try? Self.settings(layout))?.objectValue ?? JSONObject()
        settings["origin"] = .string(origin)
        let bytes = CanonicalJSON.encode(.object(settings)) + [0x0A]
        try FileSystem.writeAtomically(bytes, to: layout.config, durable: true)
    }
}

/// A ledger config that cannot be used.
public enum ConfigError: AnnalsFailure, Equatable {
    case badOrigin(String)
    case unreadable(path: String)
    case noOrigin(root: String)
    case originFixed(current: String, asked: String)
    /// A path setting that would make annals write where it must not.
    case badPath(key: String, problem: String)
    /// A title, description or publisher that cannot be shown.
    case badText(key: String, problem: String)

    public var description: String {
        switch self {
        case .badOrigin(let origin):
            return "the origin '\(ValidationError.shorten(origin))' cannot name a log. Fix: give a non-empty name "
                + "without spaces or '+', such as example.org/ai-chips"
        case .unreadable(let path):
            return "cannot read \(path): it is not a JSON object with an \"origin\" string. Fix: restore it from git"
        case .noOrigin(let root):
            return "the ledger in \(root) has no origin yet (no ledger.json). Fix: set one once with "
                + "'annals init --origin NAME' in that folder, e.g. --origin example.org/ai-chips"
        case .badPath(let key, let problem):
            return "ledger.json's \"\(key)\" \(problem): annals would write there. Fix: set \"\(key)\" to a "
                + "folder of its own inside the ledger, such as \"Archive\", or remove it from ledger.json"
        case .badText(let key, let problem):
            return "ledger.json's \"\(key)\" \(problem). Fix: make it a plain text of one line (a description "
                + "may have several) within its size (title and publisher 200 bytes, description 2000), "
                + "or remove it from ledger.json"
        case .originFixed(let current, let asked):
            return "the ledger's origin is \(current) and stays so (checkpoints name it); not changing it to "
                + "\(asked). Fix: leave --origin out, or start a new ledger"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .badOrigin, .unreadable, .badText: .badInput
        case .noOrigin: .noInput
        case .originFixed, .badPath: .cannotWrite
        }
    }
}
