/// Turns a JSON object into a valid ``Event``, or says exactly which field is wrong and how to fix it.
///
/// Checks everything that can be checked on one event alone: field names and types, the
/// fields each event type requires, identifiers, dates, text lengths and characters. References
/// to other events, entities, claims and bans are checked by ``BatchValidator``.
public enum EventDecoder {
    /// Fields the ledger sets on each record; input must not carry them (except a matching `id`).
    public static let ledgerFields = ["seq", "prev", "hash", "recorded", "recorder"]

    /// Fields each type of event may carry besides the common ones.
    static let specificField: [EventType: String] = [
        .entity: "entity", .release: "release", .ban: "ban", .banLifted: "lifts",
        .claimStatus: "assessment", .correction: "amends", .retraction: "amends",
    ]
    static let common: Set<String> = [
        "type", "title", "summary", "occurred", "actors", "claims", "sources", "certainty", "id",
    ]
    static let withoutClaims: Set<EventType> = [.entity, .claimStatus, .correction, .retraction]

    public static func decode(_ value: JSONValue) throws(ValidationError) -> Event {
        guard case .object(let object) = value else {
            throw ValidationError(
                field: "", problem: "an event must be a JSON object, got \(value.kindName)",
                fix: "write each event as {\"type\": …, \"title\": …, \"occurred\": …, \"sources\": […]}")
        }
        var r = FieldReader(object: object, path: "")
        for key in ledgerFields where object[key] != nil {
            throw ValidationError(
                field: key, problem: "'\(key)' is set by the ledger when the event is appended",
                fix: "remove '\(key)' from the input")
        }
        let typeText = try r.requiredString("type")
        guard let type = EventType(rawValue: typeText) else {
            throw ValidationError(
                field: "type", value: typeText, problem: "unknown event type",
                fix: "use one of: " + EventType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let allowed = common.union(specificField[type].map { [$0] } ?? [])
        for key in CanonicalJSON.sortedKeys(object) where !allowed.contains(key) {
            let elsewhere = specificField.filter { $0.value == key }.map(\.key.rawValue).sorted()
            let fix =
                elsewhere.isEmpty
                ? "remove it; event fields are: "
                    + (common.subtracting(["id"]).sorted() + [
                        "amends", "assessment", "ban", "entity", "lifts", "release",
                    ]).joined(separator: ", ")
                : "remove it: '\(key)' belongs to \(elsewhere.joined(separator: "/")) events, not \(type.rawValue)"
            throw ValidationError(
                field: key,
                problem:
                    "unknown field for \(type.rawValue.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(type.rawValue) event",
                fix: fix)
        }
        let title = try r.requiredText("title", limit: Limits.titleCharacters, multiline: false)
        let summary = try r.optionalText("summary", limit: Limits.textCharacters, multiline: true)
        let occurred = try r.requiredDate("occurred")
        let actors = try r.optionalArray("actors", limit: Limits.listItems) {
            (f: inout FieldReader) throws(ValidationError) in try decodeActor(&f)
        }
        let claims = try r.optionalArray("claims", limit: Limits.listItems) {
            (f: inout FieldReader) throws(ValidationError) in try decodeClaim(&f)
        }
        let sources = try r.optionalArray("sources", limit: Limits.sources) {
            (f: inout FieldReader) throws(ValidationError) in try decodeSource(&f)
        }
        let certainty = try r.optionalText("certainty", limit: Limits.nameCharacters * 2, multiline: false)
        var seenClaims = Set<String>()
        for (i, c) in claims.enumerated() where !seenClaims.insert(c.id).inserted {
            throw ValidationError(
                field: "claims[\(i)].id", value: c.id, problem: "the event names this claim twice",
                fix: "give each claim once, with the one stance this event takes")
        }
        guard !sources.isEmpty else {
            throw ValidationError(
                field: "sources", problem: "every event needs at least one source",
                fix:
                    "add \"sources\": [{\"url\": \"https://…\", \"publisher\": \"…\", \"title\": \"…\", \"published\": \"YYYY-MM-DD\"}]"
            )
        }
        if withoutClaims.contains(type), !claims.isEmpty {
            throw ValidationError(
                field: "claims", problem: "\(type.rawValue) events take no stance on claims",
                fix: type == .claimStatus ? "name the claim in 'assessment.claim'" : "remove 'claims'")
        }
        var event = Event(
            type: type, title: title, summary: summary, occurred: occurred, actors: actors,
            claims: claims, sources: sources, certainty: certainty)
        switch type {
        case .entity:
            event.entity = try r.requiredObject("entity") { (f: inout FieldReader) throws(ValidationError) in
                try decodeEntity(&f)
            }
        case .release:
            event.release = try r.requiredObject("release") { (f: inout FieldReader) throws(ValidationError) in
                ReleaseSpec(
                    product: try f.requiredEntityID("product"),
                    version: try f.optionalText("version", limit: Limits.nameCharacters, multiline: false))
            }
        case .ban:
            event.ban = try r.requiredObject("ban") { (f: inout FieldReader) throws(ValidationError) in
                try decodeBan(&f)
            }
        case .banLifted:
            event.lifts = try r.requiredObject("lifts") { (f: inout FieldReader) throws(ValidationError) in
                LiftSpec(
                    ban: try f.requiredPrefixedID("ban", prefix: "ban"),
                    scope: try f.requiredEnum("scope", LiftSpec.Scope.self),
                    effective: try f.optionalDate("effective"))
            }
        case .claimStatus:
            event.assessment = try r.requiredObject("assessment") { (f: inout FieldReader) throws(ValidationError) in
                Assessment(
                    claim: try f.requiredPrefixedID("claim", prefix: "claim"),
                    status: try f.requiredEnum("status", ClaimStanding.self),
                    note: try f.optionalText("note", limit: Limits.textCharacters, multiline: true))
            }
        case .correction, .retraction:
            event.amends = try r.requiredObject("amends") { (f: inout FieldReader) throws(ValidationError) in
                try decodeAmendment(&f, type: type)
            }
        case .announcement, .accusation, .report, .response: break
        }
        switch type {
        case .release, .announcement, .accusation, .response:
            if actors.isEmpty {
                throw ValidationError(
                    field: "actors", problem: "\(type.rawValue) events need at least one actor",
                    fix: "add \"actors\": [{\"entity\": \"org:…\", \"role\": \"…\"}]")
            }
        default: break
        }
        switch type {
        case .accusation, .report, .response:
            if claims.isEmpty {
                throw ValidationError(
                    field: "claims", problem: "\(type.rawValue) events must name the claim they concern",
                    fix: "add \"claims\": [{\"id\": \"claim:…\", \"stance\": \"asserts\"}]")
            }
        default: break
        }
        return event
    }

    static func decodeActor(_ f: inout FieldReader) throws(ValidationError) -> ActorRef {
        let entity = try f.requiredString("entity")
        return ActorRef(
            entity: entity, role: try f.requiredText("role", limit: Limits.nameCharacters, multiline: false))
    }

    static func decodeClaim(_ f: inout FieldReader) throws(ValidationError) -> ClaimRef {
        ClaimRef(
            id: try f.requiredPrefixedID("id", prefix: "claim"),
            stance: try f.requiredEnum("stance", Stance.self),
            statement: try f.optionalText("statement", limit: Limits.textCharacters, multiline: false))
    }

    static func decodeSource(_ f: inout FieldReader) throws(ValidationError) -> Source {
        let url = try f.optionalString("url")
        if let url {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), url.utf8.count <= Limits.urlBytes,
                url.utf8.count > 8, !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
            else {
                throw ValidationError(
                    field: f.path("url"), value: url,
                    problem: "not an http(s) URL without spaces (at most \(Limits.urlBytes) bytes)",
                    fix: "give the full address, e.g. https://example.org/article")
            }
        }
        let source = Source(
            url: url,
            publisher: try f.optionalText("publisher", limit: Limits.nameCharacters, multiline: false),
            title: try f.optionalText("title", limit: Limits.titleCharacters, multiline: false),
            published: try f.optionalDate("published"),
            quote: try f.optionalText("quote", limit: Limits.textCharacters, multiline: true))
        if source.url == nil && (source.publisher == nil || source.title == nil) {
            throw ValidationError(
                field: f.pathPrefix, problem: "a source needs a URL, or a publisher and a title",
                fix: "add \"url\", or both \"publisher\" and \"title\"")
        }
        try f.finish()
        return source
    }

    static func decodeEntity(_ f: inout FieldReader) throws(ValidationError) -> EntitySpec {
        let id = try f.requiredEntityID("id")
        let name = try f.requiredText("name", limit: Limits.nameCharacters, multiline: false)
        let aliases = try f.optionalArray("aliases", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in
            try a.text(limit: Limits.nameCharacters, multiline: false)
        }
        return EntitySpec(id: id, name: name, aliases: aliases)
    }

    static func decodeBan(_ f: inout FieldReader) throws(ValidationError) -> BanSpec {
        let id = try f.requiredPrefixedID("id", prefix: "ban")
        let authority = try f.requiredEntityID("authority")
        let targets = try f.optionalArray("targets", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in try a.entityID()
        }
        guard !targets.isEmpty else {
            throw ValidationError(
                field: f.path("targets"), problem: "a ban needs at least one target",
                fix: "add \"targets\": [\"gov:cn\"] (entity ids)")
        }
        let items = try f.optionalArray("items", limit: Limits.listItems) {
            (a: inout FieldReader) throws(ValidationError) in
            try a.text(limit: Limits.nameCharacters, multiline: false)
        }
        return BanSpec(
            id: id, authority: authority, targets: targets, items: items, effective: try f.optionalDate("effective"))
    }

    static func decodeAmendment(_ f: inout FieldReader, type: EventType) throws(ValidationError) -> Amendment {
        let event = try f.requiredString("event")
        guard Identifiers.isEventID(event) else {
            throw ValidationError(
                field: f.path("event"), value: event, problem: "not an event id",
                fix: "give the id of the earlier event, ev_ and 32 hex digits (see 'annals log')")
        }
        let reason = try f.requiredText("reason", limit: Limits.textCharacters, multiline: true)
        var set: EventPatch?
        if type == .correction {
            set = try f.requiredObject("set") { (p: inout FieldReader) throws(ValidationError) in
                let patch = EventPatch(
                    title: try p.optionalText("title", limit: Limits.titleCharacters, multiline: false),
                    summary: try p.optionalText("summary", limit: Limits.textCharacters, multiline: true),
                    occurred: try p.optionalDate("occurred"),
                    certainty: try p.optionalText("certainty", limit: Limits.nameCharacters * 2, multiline: false),
                    actors: p.has("actors")
                        ? try p.optionalArray("actors", limit: Limits.listItems) {
                            (a: inout FieldReader) throws(ValidationError) in try decodeActor(&a)
                        } : nil,
                    sources: p.has("sources")
                        ? try p.optionalArray("sources", limit: Limits.sources) {
                            (a: inout FieldReader) throws(ValidationError) in try decodeSource(&a)
                        } : nil)
                try p.finish()
                if patch.isEmpty {
                    throw ValidationError(
                        field: p.pathPrefix, problem: "a correction must set at least one field",
                        fix:
                            "give new values, e.g. \"set\": {\"occurred\": \"2025-11-03\"} (title, summary, occurred, certainty, actors, sources)"
                    )
                }
                if let a = patch.actors, a.isEmpty {
                    throw ValidationError(
                        field: p.path("actors"), problem: "a correction cannot remove every actor",
                        fix: "give the corrected actors, or leave 'actors' out to keep them")
                }
                if let s = patch.sources, s.isEmpty {
                    throw ValidationError(
                        field: p.path("sources"), problem: "a correction cannot remove every source",
                        fix: "give at least one source, or retract the event instead")
                }
                return patch
            }
        }
        return Amendment(event: event, reason: reason, set: set)
    }
}

extension EventDecoder {
    /// Checks the name a record is recorded under (`--recorder`, `ANNALS_RECORDER`, git user.name).
    public static func checkRecorder(_ name: String) throws(ValidationError) {
        try FieldReader.checkText(name, field: "recorder", limit: Limits.nameCharacters, multiline: false)
    }
}
