/// What happened, as recorded in the log: the substance of an event without its place in the
/// chain. Built only through ``EventDecoder``, so every `Event` is valid on its own.
///
/// This file holds the event's common fields: their type, how they are read and checked, and
/// how they are written. Each specific part (sources, actors, claims, ban…) lives in its own file
/// under `EventParts/`.
public struct Event: Sendable, Equatable {
    public var type: EventType
    public var title: String
    public var summary: String?
    /// When it happened in the world (valid time).
    public var occurred: PartialDate
    public var actors: [ActorRef]
    public var claims: [ClaimRef]
    public var sources: [Source]
    /// How sure the sources are, in the recorder's words ("confirmed by primary source").
    public var certainty: String?
    /// The event's id in an outside system (a spreadsheet row id, an ACLED `event_id_cnty`), so
    /// a re-import can tell what is already logged. Part of the content, so of the event's id.
    public var externalID: String?
    /// `entity` events: the entity registered.
    public var entity: EntitySpec?
    /// `release` events: what was released.
    public var release: ReleaseSpec?
    /// `ban` events: the ban imposed.
    public var ban: BanSpec?
    /// `ban-lifted` events: the ban lifted or relaxed.
    public var lifts: LiftSpec?
    /// `claim-status` events: the editorial assessment.
    public var assessment: Assessment?
    /// `correction` and `retraction` events: the earlier event they amend.
    public var amends: Amendment?
    /// `capture` events: the cited page fetched and archived.
    public var capture: CaptureSpec?
}

// MARK: - Reading

extension Event {
    /// The fields every event may carry, whatever its type (`id` only if it matches).
    static let commonFields: Set<String> = [
        "type", "title", "summary", "occurred", "actors", "claims", "sources", "certainty", "external_id", "id",
    ]

    /// The same, as plain keys: what the reader compares field names with.
    static let commonFieldKeys: [StaticString] = [
        "type", "title", "summary", "occurred", "actors", "claims", "sources", "certainty", "external_id", "id",
    ]

    /// Reads and checks one event object; see ``EventDecoder/decode(_:)``.
    static func decode(_ object: JSONObject) throws(ValidationError) -> Event {
        try decode(FieldObject.tree(object))
    }

    /// Reads and checks one event object, from a tree or a tape.
    static func decode(_ object: FieldObject) throws(ValidationError) -> Event {
        let type = try readType(object)
        try checkFieldNames(object, type: type)
        var r = FieldReader(object: object, at: .root)
        var event = Event(
            type: type,
            title: try r.requiredText("title", limit: Limits.titleCharacters, multiline: false),
            summary: try r.optionalText("summary", limit: Limits.textCharacters, multiline: true),
            occurred: try r.requiredDate("occurred"),
            actors: try r.optionalParts("actors", ActorRef.self, limit: Limits.listItems, in: type),
            claims: try r.optionalParts("claims", ClaimRef.self, limit: Limits.listItems, in: type),
            sources: try r.optionalParts("sources", Source.self, limit: Limits.sources, in: type),
            certainty: try r.optionalText("certainty", limit: Limits.nameCharacters * 2, multiline: false),
            externalID: try r.optionalText("external_id", limit: Limits.externalIDCharacters, multiline: false))
        try event.checkClaimsAndSources()
        try event.readSpecificPart(&r)
        try event.checkRequiredLists()
        return event
    }

    /// The event's type; fields the ledger sets are refused first.
    private static func readType(_ object: FieldObject) throws(ValidationError) -> EventType {
        for key in EventDecoder.ledgerFieldKeys where object.member(key) != nil {
            throw ValidationError(
                field: key.description, problem: "'\(key)' is set by the ledger when the event is appended",
                fix: "remove '\(key)' from the input")
        }
        var r = FieldReader(object: object, at: .root)
        let typeText = try r.requiredString("type")
        guard let type = EventType(rawValue: typeText) else {
            throw ValidationError(
                field: "type", value: typeText, problem: "unknown event type",
                fix: Suggestions.oneOf(typeText, EventType.allCases.map(\.rawValue)))
        }
        return type
    }

    /// Refuses fields that are not common and not this type's own part, naming where they belong.
    private static func checkFieldNames(_ object: FieldObject, type: EventType) throws(ValidationError) {
        if object.keys(allIn: commonFieldKeys, or: type.specificFieldKey) { return }
        let allowed = commonFields.union(type.specificField.map { [$0] } ?? [])
        for key in object.keys.sorted(by: CanonicalJSON.precedes) where !allowed.contains(key) {
            let elsewhere = EventType.allCases.filter { $0.specificField == key }.map(\.rawValue).sorted()
            let specific = Set(EventType.allCases.compactMap(\.specificField)).sorted()
            let fix =
                elsewhere.isEmpty
                ? "remove it; event fields are: "
                    + (commonFields.subtracting(["id"]).sorted() + specific)
                    .joined(separator: ", ")
                : "remove it: '\(key)' belongs to \(elsewhere.joined(separator: "/")) events, not \(type.rawValue)"
            throw ValidationError(
                field: key, problem: "unknown field for \(type.article) \(type.rawValue) event", fix: fix)
        }
    }

    /// Each claim once; at least one source; no stances on types that take none.
    private func checkClaimsAndSources() throws(ValidationError) {
        for (i, c) in claims.enumerated() where claims[..<i].contains(where: { $0.id == c.id }) {
            throw ValidationError(
                field: "claims[\(i)].id", value: c.id, problem: "the event names this claim twice",
                fix: "give each claim once, with the one stance this event takes")
        }
        guard !sources.isEmpty else {
            throw ValidationError(
                field: "sources", problem: "every event needs at least one source",
                fix: "add \"sources\": [{\"url\": \"https://…\", \"publisher\": \"…\", \"title\": \"…\","
                    + " \"published\": \"YYYY-MM-DD\"}]")
        }
        if !type.takesStances, !claims.isEmpty {
            throw ValidationError(
                field: "claims", problem: "\(type.rawValue) events take no stance on claims",
                fix: type == .claimStatus ? "name the claim in 'assessment.claim'" : "remove 'claims'")
        }
    }

    /// Reads the part this type requires (`entity`, `release`, `ban`, `lifts`, `assessment`, `amends`).
    private mutating func readSpecificPart(_ r: inout FieldReader) throws(ValidationError) {
        switch type {
        case .entity: entity = try r.requiredPart("entity", EntitySpec.self, in: type)
        case .release: release = try r.requiredPart("release", ReleaseSpec.self, in: type)
        case .ban: ban = try r.requiredPart("ban", BanSpec.self, in: type)
        case .banLifted: lifts = try r.requiredPart("lifts", LiftSpec.self, in: type)
        case .claimStatus: assessment = try r.requiredPart("assessment", Assessment.self, in: type)
        case .correction, .retraction: amends = try r.requiredPart("amends", Amendment.self, in: type)
        case .capture:
            capture = try r.requiredPart("capture", CaptureSpec.self, in: type)
            try checkCaptureSource()
        case .announcement, .accusation, .report, .response: break
        }
    }

    /// The actors and claims some types cannot do without.
    private func checkRequiredLists() throws(ValidationError) {
        if type.needsActors, actors.isEmpty {
            throw ValidationError(
                field: "actors", problem: "\(type.rawValue) events need at least one actor",
                fix: "add \"actors\": [{\"entity\": \"org:…\", \"role\": \"…\"}]")
        }
        if type.needsClaims, claims.isEmpty {
            throw ValidationError(
                field: "claims", problem: "\(type.rawValue) events must name the claim they concern",
                fix: "add \"claims\": [{\"id\": \"claim:…\", \"stance\": \"asserts\"}]")
        }
    }
}

// MARK: - Writing

extension Event {
    /// The JSON form of the event, the exact inverse of ``EventDecoder``.
    public var json: JSONValue {
        var o: JSONObject = [
            "type": .string(type.rawValue),
            "title": .string(title),
            "occurred": .string(occurred.description),
            "sources": sources.json,
        ]
        if let summary { o["summary"] = .string(summary) }
        if !actors.isEmpty { o["actors"] = actors.json }
        if !claims.isEmpty { o["claims"] = claims.json }
        if let certainty { o["certainty"] = .string(certainty) }
        if let externalID { o["external_id"] = .string(externalID) }
        if let entity { o["entity"] = entity.json }
        if let release { o["release"] = release.json }
        if let ban { o["ban"] = ban.json }
        if let lifts { o["lifts"] = lifts.json }
        if let assessment { o["assessment"] = assessment.json }
        if let amends { o["amends"] = amends.json }
        if let capture { o["capture"] = capture.json }
        return .object(o)
    }

    /// Canonical JSON of the event alone (what its id addresses).
    public var canonicalBytes: [UInt8] {
        var w = CanonicalWriter()
        write(into: &w, seal: nil)
        return w.bytes
    }

    /// Writes the event (and, with a seal, the record) as one canonical JSON object, field by
    /// field in canonical key order: equal to `CanonicalJSON.encode(json)` (tests check this),
    /// only much faster, as this is the hot path of append and verify.
    public func write(into w: inout CanonicalWriter, seal: Seal?) {
        w.beginObject()
        Self.write("actors", actors, into: &w)
        Self.write("amends", amends, into: &w)
        Self.write("assessment", assessment, into: &w)
        Self.write("ban", ban, into: &w)
        Self.write("capture", capture, into: &w)
        w.field("certainty", certainty)
        Self.write("claims", claims, into: &w)
        Self.write("entity", entity, into: &w)
        w.field("external_id", externalID)
        if let seal {
            w.beginSeal()
            w.field("hash", seal.hash)
            w.markHashPosition()
            w.field("id", seal.id)
            w.endSeal()
        }
        Self.write("lifts", lifts, into: &w)
        w.field("occurred", occurred.description)
        if let seal {
            w.beginSeal()
            w.field("prev", seal.prev)
            w.field("recorded", seal.recorded)
            w.field("recorder", seal.recorder)
            w.endSeal()
        }
        Self.write("release", release, into: &w)
        if let seal {
            w.beginSeal()
            w.key("seq")
            w.integer(seal.seq)
            w.endSeal()
        }
        w.key("sources")
        sources.write(into: &w)
        w.field("summary", summary)
        w.field("title", title)
        w.field("type", type.rawValue)
        w.endObject()
    }

    private static func write<P: EventPart>(_ key: StaticString, _ part: P?, into w: inout CanonicalWriter) {
        guard let part else { return }
        w.key(key)
        part.write(into: &w)
    }

    /// Writes a non-empty list of parts (an empty list is left out, as in `json`).
    private static func write<P: EventPart>(_ key: StaticString, _ parts: [P], into w: inout CanonicalWriter) {
        guard !parts.isEmpty else { return }
        w.key(key)
        parts.write(into: &w)
    }
}

// MARK: - References

extension Event {
    /// Every entity id the event refers to, with the field that names it.
    public var entityReferences: [(field: String, id: String)] {
        var refs: [(String, String)] = actors.enumerated().map { ("actors[\($0.offset)].entity", $0.element.entity) }
        if let release { refs.append(("release.product", release.product)) }
        if let ban {
            refs.append(("ban.authority", ban.authority))
            refs += ban.targets.enumerated().map { ("ban.targets[\($0.offset)]", $0.element) }
        }
        if let actors = amends?.set?.actors {
            refs += actors.enumerated().map { ("amends.set.actors[\($0.offset)].entity", $0.element.entity) }
        }
        return refs
    }

    /// The claim ids the event refers to.
    public var claimReferences: [String] {
        claims.map(\.id) + (assessment.map { [$0.claim] } ?? [])
    }
}
