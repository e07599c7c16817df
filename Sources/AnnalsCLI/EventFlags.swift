import Annals
import AnnalsCore
import ArgumentParser

/// The flag form of one event. Builds the same JSON object a file would hold, so both forms
/// pass through the same validation.
struct EventFlags: ParsableArguments {
    @Option(help: "One-line title.") var title: String?
    @Option(help: "Longer description.") var summary: String?
    @Option(
        help: ArgumentHelp("When it happened: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.", valueName: "date"))
    var occurred: String?
    @Option(help: "How sure the sources are, in words.") var certainty: String?
    @Option(
        name: .customLong("actor"),
        help: ArgumentHelp(
            "An actor and its role, e.g. org:anthropic=accuser (repeatable). The entity may be given by name or alias.",
            valueName: "entity=role"))
    var actors: [String] = []
    @Option(
        name: .customLong("claim"),
        help: ArgumentHelp(
            "A claim and the event's stance: asserts, reports, denies, acknowledges, no-comment (repeatable).",
            valueName: "claim=stance"))
    var claims: [String] = []
    @Option(help: "The proposition of a new claim (with exactly one --claim).") var statement: String?

    @Option(
        name: .customLong("source"), help: ArgumentHelp("Source URL (repeatable: one per source).", valueName: "url"))
    var sourceURLs: [String] = []
    @Option(name: .customLong("publisher"), help: "Source publisher (once per source, in the order of --source).")
    var publishers: [String] = []
    @Option(name: .customLong("source-title"), help: "Source title (once per source, in the order of --source).")
    var sourceTitles: [String] = []
    @Option(
        name: .customLong("published"),
        help: ArgumentHelp("Source publication date (once per source, in the order of --source).", valueName: "date"))
    var publishedDates: [String] = []
    @Option(
        name: .customLong("quote"),
        help: "A verbatim quote from the source (once per source, in the order of --source; - for none).")
    var quotes: [String] = []
    @Option(
        name: .customLong("quote-lang"),
        help: ArgumentHelp(
            "The quote's language, a BCP 47 tag such as zh or ar (once per source, in order; - for none).",
            valueName: "tag"))
    var quoteLangs: [String] = []
    @Option(
        name: .customLong("translation"),
        help: ArgumentHelp(
            "A translation of the quote, e.g. en=We did not… (once per source, in order; - for none).",
            valueName: "lang=text"))
    var translations: [String] = []
    @Option(
        name: .customLong("translator"),
        help: ArgumentHelp(
            "Who made the translation: person=NAME or system=NAME@VERSION (once per --translation, in order).",
            valueName: "who"))
    var translators: [String] = []

    @Option(
        name: .customLong("id"),
        help: ArgumentHelp("entity: the new entity id, e.g. org:moonshot-ai.", valueName: "entity-id")) var entityID:
        String?
    @Option(help: "entity: display name.") var name: String?
    @Option(name: .customLong("alias"), help: "entity: another name (repeatable).") var aliases: [String] = []

    @Option(help: ArgumentHelp("release: the released model or chip (id, name or alias).", valueName: "entity"))
    var product: String?
    @Option(help: "release: version label.") var version: String?

    @Option(help: ArgumentHelp("ban: the new ban's id, e.g. ban:us-h20-licence.", valueName: "ban-id")) var banID:
        String?
    @Option(help: ArgumentHelp("ban: the authority imposing it (id, name or alias).", valueName: "entity"))
    var authority: String?
    @Option(
        name: .customLong("target"),
        help: ArgumentHelp("ban: a target (id, name or alias; repeatable).", valueName: "entity")) var targets:
        [String] = []
    @Option(name: .customLong("item"), help: "ban: an item covered (repeatable).") var items: [String] = []
    @Option(help: ArgumentHelp("ban, ban-lifted: effective date when it differs from --occurred.", valueName: "date"))
    var effective: String?

    @Option(help: ArgumentHelp("ban-lifted: the ban lifted.", valueName: "ban-id")) var lifts: String?
    @Option(help: "ban-lifted: full or partial.") var scope: String?

    @Option(help: ArgumentHelp("claim-status: the claim assessed.", valueName: "claim-id")) var assess: String?
    @Option(help: "claim-status: alleged, corroborated, confirmed, disputed, refuted or retracted.") var status: String?
    @Option(help: "claim-status: the reasoning.") var note: String?

    @Option(
        help: ArgumentHelp(
            "correction, retraction: the event amended (an id, a unique id prefix, or a seq).", valueName: "event"))
    var amends: String?
    @Option(help: "correction, retraction: why.") var reason: String?
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "correction: a replacement value: title=…, summary=…, occurred=…, certainty=… (repeatable).",
            valueName: "field=value"))
    var sets: [String] = []

    var isSet: Bool {
        title != nil || occurred != nil || !actors.isEmpty || !claims.isEmpty || !sourceURLs.isEmpty
            || !publishers.isEmpty
    }

    /// The event as a JSON object.
    /// The event the flags describe; `eventID` turns an event named by a seq or an id prefix
    /// (`--amends 42`, `--amends ev_3f2a`) into its full id.
    /// `resolveEntity` does the same for an entity given by name or alias to an entity flag
    /// (`--authority`, `--target`, `--product`).
    func object(
        type: String, eventID: (String) throws -> String = { $0 },
        resolveEntity: (String, String) throws -> String = { a, _ in a }
    ) throws -> JSONValue {
        var o: JSONObject = ["type": .string(type)]
        func put(_ key: String, _ value: String?) { if let value { o[key] = .string(value) } }
        put("title", title ?? ((type == "entity") ? name.map { "Registers entity: \($0)" } : nil))
        put("summary", summary)
        put("occurred", occurred)
        put("certainty", certainty)
        if !actors.isEmpty {
            o["actors"] = .array(
                try actors.map { a in
                    let (entity, role) = try split(a, flag: "--actor", example: "org:anthropic=accuser")
                    return .object(["entity": .string(entity), "role": .string(role)])
                })
        }
        if !claims.isEmpty {
            if statement != nil && claims.count != 1 {
                throw ArgumentParser.ValidationError("--statement goes with exactly one --claim")
            }
            o["claims"] = .array(
                try claims.map { c in
                    let (id, stance) = try split(c, flag: "--claim", example: "claim:deepseek-distilled-claude=asserts")
                    var claim: JSONObject = ["id": .string(id), "stance": .string(stance)]
                    if let statement { claim["statement"] = .string(statement) }
                    return .object(claim)
                })
        }
        let sources = try sourceObjects()
        if !sources.isEmpty { o["sources"] = .array(sources.map { .object($0) }) }
        if let (key, part) = try specificPart(type: type, eventID: eventID, resolveEntity: resolveEntity) {
            o[key] = .object(part)
        }
        return .object(o)
    }

    /// The field and object of the part `type` carries (`entity`, `release`, `ban`…), if any.
    private func specificPart(
        type: String, eventID: (String) throws -> String, resolveEntity: (String, String) throws -> String
    ) throws -> (String, JSONObject)? {
        var specific: JSONObject = [:]
        func putSpecific(_ key: String, _ value: String?) { if let value { specific[key] = .string(value) } }
        switch type {
        case "entity":
            putSpecific("id", entityID)
            putSpecific("name", name)
            if !aliases.isEmpty { specific["aliases"] = .array(aliases.map { .string($0) }) }
            return ("entity", specific)
        case "release":
            putSpecific("product", try product.map { try resolveEntity($0, "--product") })
            putSpecific("version", version)
            return ("release", specific)
        case "ban":
            putSpecific("id", banID)
            putSpecific("authority", try authority.map { try resolveEntity($0, "--authority") })
            putSpecific("effective", effective)
            if !targets.isEmpty {
                specific["targets"] = .array(try targets.map { .string(try resolveEntity($0, "--target")) })
            }
            if !items.isEmpty { specific["items"] = .array(items.map { .string($0) }) }
            return ("ban", specific)
        case "ban-lifted":
            putSpecific("ban", lifts)
            putSpecific("scope", scope)
            putSpecific("effective", effective)
            return ("lifts", specific)
        case "claim-status":
            putSpecific("claim", assess)
            putSpecific("status", status)
            putSpecific("note", note)
            return ("assessment", specific)
        case "correction", "retraction":
            putSpecific("event", try amends.map { Identifiers.isEventID($0) ? $0 : try eventID($0) })
            putSpecific("reason", reason)
            if type == "correction" {
                var set: JSONObject = [:]
                for s in sets {
                    let (field, value) = try split(s, flag: "--set", example: "occurred=2025-11-03")
                    set[field] = .string(value)
                }
                specific["set"] = .object(set)
            }
            return ("amends", specific)
        default: return nil
        }
    }

    /// One source per `--source` (or a single one of publisher and title): every other source
    /// flag is given once per source, in the same order, or not at all. Nothing is dropped.
    private func sourceObjects() throws -> [JSONObject] {
        let fields: [(flag: String, key: String, values: [String])] = [
            ("--source", "url", sourceURLs), ("--publisher", "publisher", publishers),
            ("--source-title", "title", sourceTitles),
            ("--published", "published", publishedDates), ("--quote", "quote", quotes),
            ("--quote-lang", "quote_lang", quoteLangs), ("--translation", "translations", translations),
            ("--translator", "by", translators),
        ]
        let count = fields.map(\.values.count).max() ?? 0
        for field in fields where !field.values.isEmpty && field.values.count != count {
            throw ArgumentParser.ValidationError(
                "\(count) sources were given but \(field.flag) \(field.values.count) "
                    + "time\(field.values.count == 1 ? "" : "s"): "
                    + "give \(field.flag) once per source, in the order of --source, or use --file for sources that "
                    + "differ"
            )
        }
        return try (0..<count).map { i in
            var source: JSONObject = [:]
            // "-" gives a source no value for that flag (a quote for some sources only).
            for field in fields where !field.values.isEmpty && field.values[i] != "-" {
                source[field.key] = .string(field.values[i])
            }
            return try withTranslation(source)
        }
    }

    /// `source` with its `--translation` and `--translator` made into one `translations` entry.
    private func withTranslation(_ source: JSONObject) throws -> JSONObject {
        var source = source
        let text = source["translations"]?.stringValue
        let who = source["by"]?.stringValue
        source["translations"] = nil
        source["by"] = nil
        guard let text else {
            if who != nil { throw ArgumentParser.ValidationError("--translator goes with a --translation") }
            return source
        }
        let (lang, translated) = try split(text, flag: "--translation", example: "en=We did not use it")
        var entry: JSONObject = ["lang": .string(lang), "text": .string(translated)]
        if let who { entry["by"] = .object(try translator(who)) }
        source["translations"] = .array([.object(entry)])
        return source
    }

    /// `person=NAME` or `system=NAME@VERSION` as the `by` object of a translation.
    private func translator(_ text: String) throws -> JSONObject {
        let example = "person=Jane Doe or --translator system=ExampleMT@3.1"
        let (kind, who) = try split(text, flag: "--translator", example: example)
        switch kind {
        case "person": return ["person": .string(who)]
        case "system":
            guard let at = who.lastIndex(of: "@"), at != who.startIndex, who.index(after: at) != who.endIndex else {
                throw ArgumentParser.ValidationError(
                    "--translator system=NAME@VERSION names the system and its version; got \(UserText.quoted(text))")
            }
            return ["system": .string(String(who[..<at])), "version": .string(String(who[who.index(after: at)...]))]
        default:
            throw ArgumentParser.ValidationError(
                "--translator takes person=NAME or system=NAME@VERSION; got \(UserText.quoted(text))")
        }
    }

    private func split(_ text: String, flag: String, example: String) throws -> (String, String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex else {
            throw ArgumentParser.ValidationError("\(flag) takes NAME=VALUE, e.g. \(flag) \(example); got '\(text)'")
        }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
    }
}
