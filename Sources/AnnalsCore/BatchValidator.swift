import Foundation

/// What the log already knows, as the validator needs it: which events, entities, aliases,
/// claims and bans exist. The store answers from its index; the validator does no I/O itself.
public protocol KnownNames {
    func seq(of key: NameKey) throws -> Int64?
    /// The entity an alias or name stands for (aliases are matched case-insensitively).
    func entity(forAlias alias: String) throws -> String?
    /// Every registered entity id, for suggestions in error messages (error path only).
    func allEntityIDs() throws -> [String]
    /// The event recorded at `seq` and its id, for the rare checks that need an earlier event's
    /// content (a ban's start when it is lifted, what a retraction retracts).
    func definition(at seq: Int64) throws -> (id: String, event: Event)?
}

extension KnownNames {
    public func definition(at seq: Int64) throws -> (id: String, event: Event)? { nil }
}

/// A name defined by the log, in its namespace.
public struct Name: Hashable, Sendable {
    public enum Space: String, Sendable, CaseIterable {
        case event, entity, alias, claim, ban, amendment
        /// A claim with the statement it was given (`id` + newline + NFC statement).
        case claimStatement
        /// A retracted event, by the high 64 bits of its event name's key (see ``retraction(ofKey:)``).
        case retracted
        /// An event that registers an entity (by event id).
        case entityRegistration
        /// Value names (their index value is not a seq): a full lift of a ban (the lift event's key),
        /// a ban's first day (YYYYMMDD) and the ban's event (its key).
        case fullLift, banStart, banEvent
    }

    /// The name that marks an event retracted, from the high bits of its ``Name/Space/event`` key:
    /// so a ban's or a lift's event, indexed by those bits, can be checked without reading the log.
    public static func retraction(ofKey high: Int64) -> Name {
        Name(.retracted, String(UInt64(bitPattern: high), radix: 16))
    }

    public static func retraction(of eventID: String) -> Name {
        retraction(ofKey: Int64(bitPattern: Name(.event, eventID).key.high))
    }
    public var space: Space
    public var value: String
    public init(_ space: Space, _ value: String) {
        self.space = space
        self.value = value
    }

    /// The normalised form under which an alias is looked up: Unicode NFC, lowercased, single spaces,
    /// so names that look the same are the same name, in one input or across appends.
    public static func alias(_ text: String) -> Name {
        let visible = String(String.UnicodeScalarView(text.unicodeScalars.filter { !TextRules.isDefaultIgnorable($0) }))
        return Name(
            .alias,
            visible.precomposedStringWithCanonicalMapping.lowercased().split(whereSeparator: \.isWhitespace)
                .joined(separator: " "))
    }

    /// A claim's statement, compared in NFC (so a record written before texts were normalised
    /// still matches the same words).
    static func statement(_ text: String, of claim: String) -> Name {
        let nfc = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        return Name(.claimStatement, claim + "\n" + nfc)
    }

    /// A 128-bit digest of the name, the key under which indexes store it.
    public var key: NameKey {
        let (high, low) = Digest.sha256Head(parts: space.rawValue, value)
        return NameKey(high: high | 1, low: low)
    }
}

/// The index key of a ``Name``: the first 128 bits of a SHA-256, never all zero.
public struct NameKey: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}

extension Event {
    /// The names a record with this event defines in the log, for the store's index.
    public func definedNames(id: String) -> [Name] {
        var names = [Name(.event, id)]
        if let entity {
            names.append(Name(.entity, entity.id))
            names.append(Name.alias(entity.name))
            names += entity.aliases.map(Name.alias)
            // Names in other scripts resolve like aliases; one that repeats another name is one name.
            for local in entity.names.map({ Name.alias($0.text) }) where !names.contains(local) {
                names.append(local)
            }
        }
        names += claims.map { Name(.claim, $0.id) }
        for claim in claims {
            if let statement = claim.statement { names.append(Name.statement(statement, of: claim.id)) }
        }
        if let ban { names.append(Name(.ban, ban.id)) }
        if entity != nil { names.append(Name(.entityRegistration, id)) }
        if let amends {
            names.append(Name(.amendment, id))
            if type == .retraction { names.append(Name.retraction(of: amends.event)) }
        }
        return names
    }

    /// Names the index keeps with a value of their own instead of the defining seq: what the
    /// rules on lifts need (a ban's first day, its event, a full lift's event), as lookups.
    public func definedValues(id: String) -> [(name: Name, value: Int64)] {
        definedValues(eventKey: ban != nil || lifts?.scope == .full ? Name(.event, id).key : nil)
    }

    /// ``definedValues(id:)`` for the event whose event name has `eventKey` (nil: it defines none).
    func definedValues(eventKey: NameKey?) -> [(name: Name, value: Int64)] {
        guard let eventKey else { return [] }
        var values: [(Name, Int64)] = []
        let key = Int64(bitPattern: eventKey.high)
        if let ban {
            let start = min(occurred.startDay, ban.effective?.startDay ?? occurred.startDay)
            values.append((Name(.banStart, ban.id), Int64(start.filter(\.isNumber)) ?? 0))
            values.append((Name(.banEvent, ban.id), key))
        }
        if let lifts, lifts.scope == .full { values.append((Name(.fullLift, lifts.ban), key)) }
        return values
    }
}

/// An input event ready to be sealed: decoded, aliases resolved, references checked.
public struct PreparedEvent: Sendable {
    public var location: String
    public var event: Event
    public var id: String
    /// Its record's bytes but for `prev` and `seq`, when the prepare stage made them.
    public var template: RecordTemplate?
    /// The keys of the names it defines and its value names, when the prepare stage made them.
    var keys: BatchValidator.DefinedKeys?

    /// What its record puts in the name index: each name it defines with its seq, and the value
    /// names with their own values.
    public func indexEntries(seq: Int64) -> [(key: NameKey, value: Int64)] {
        let keys = keys ?? BatchValidator.DefinedKeys(event, id: id)
        return keys.names.map { ($0, seq) } + keys.values
    }
}

/// An input event that is already in the log (or earlier in the same input): skipped, reported.
public struct Duplicate: Sendable, Equatable {
    public var location: String
    public var id: String
    /// Seq of the logged copy; nil when the copy is earlier in the same input.
    public var existingSeq: Int64?
}

/// Validates a batch against the log, one item at a time, before anything is written. Each
/// item is checked against the log and the items before it; the caller writes only when every
/// item has passed (all or nothing).
public struct BatchValidator {
    public struct Item: Sendable {
        public var location: String
        public var value: JSONValue
        /// Set when the item is a record carried over from another log (a merge or rebase): it
        /// keeps its recorder, and its recorded time unless that would run the clock backwards.
        public var stamp: Stamp?
        /// What the prepare stage made of the item (see ``ItemPreparer``); nil: validate it whole.
        public internal(set) var prepared: Prepared?
        public init(location: String, value: JSONValue, stamp: Stamp? = nil) {
            self.location = location
            self.value = value
            self.stamp = stamp
        }

        /// An item the prepare stage has decoded, or refused (its value is then not kept).
        init(location: String, prepared: Prepared) {
            self.location = location
            self.value = .null
            self.prepared = prepared
        }
    }

    /// Who recorded a carried-over record, and when.
    public struct Stamp: Sendable, Equatable {
        public var recorder: String
        public var recorded: Timestamp
        public init(recorder: String, recorded: Timestamp) {
            self.recorder = recorder
            self.recorded = recorded
        }
    }

    public enum Outcome: Sendable {
        case event(PreparedEvent)
        case duplicate(Duplicate)
    }

    let known: any KnownNames
    /// Names and value names defined earlier in the batch, each with its seq or value.
    private let added: any BatchNames
    /// The seq the next admitted event will have (names defined in the batch map to it).
    private var nextSeq: Int64
    private var addedEntities: [String] = []  // for suggestions
    private var addedAliases: [String: String] = [:]  // alias key -> entity id
    private var addedEntityEvents: [String: String] = [:]  // event id -> entity id, for messages
    private var itemKeys: [(name: Name, key: NameKey)] = []  // keys the prepare stage computed for this item

    /// A validator for a batch after the log `known` describes. `batchNames` keeps what the batch
    /// defines (in memory unless the store gives a table on disk, for batches of any size); the
    /// batch's first event will be record `firstSeq`.
    public init(known: any KnownNames, batchNames: any BatchNames = BatchNameSet(), firstSeq: Int64 = 1) {
        self.known = known
        self.added = batchNames
        self.nextSeq = firstSeq
    }

    /// Convenience for small batches: every item, or the first problem.
    public mutating func validate(_ items: [Item]) throws -> (events: [PreparedEvent], duplicates: [Duplicate]) {
        var events: [PreparedEvent] = []
        var duplicates: [Duplicate] = []
        for item in items {
            switch try validate(item) {
            case .event(let e): events.append(e)
            case .duplicate(let d): duplicates.append(d)
            }
        }
        return (events, duplicates)
    }

    /// Checks one item after the ones already validated; throws its first problem, with its location.
    /// `recorded` is when the event will be recorded (a carried record's own time wins): no date
    /// of what happened may lie after it. New events' texts are put in Unicode NFC first.
    /// An item the prepare stage made (see ``ItemPreparer``) is taken from there on: it was
    /// decoded and identified already, and its record rules checked, with the same results.
    public mutating func validate(_ item: Item, recorded: Timestamp? = nil) throws -> Outcome {
        do {
            var ready: Ready?
            switch item.prepared {
            case .failed(let error): throw error
            case .ready(let r): ready = r
            case nil: break
            }
            itemKeys = ready?.referenceKeys ?? []
            defer { itemKeys = [] }
            let (event, id) = try ready.map { ($0.event, $0.id) } ?? decodeAndIdentify(item)
            let eventKey = ready?.keys.names[0] ?? Name(.event, id).key
            if let seq = try known.seq(of: eventKey) {
                return .duplicate(Duplicate(location: item.location, id: id, existingSeq: seq))
            }
            if try added.value(of: eventKey) != nil {
                return .duplicate(Duplicate(location: item.location, id: id, existingSeq: nil))
            }
            try checkReferences(event)
            if item.stamp == nil {
                // Records carried over by a merge keep what they were: rules added later never re-judge them.
                if let ready, ready.rulesCheckedAt == recorded {
                    if let error = ready.ruleError { throw error }
                } else {
                    try RecordRules.check(event, recorded: recorded)
                }
                try checkHistory(event)
            }
            let keys = ready?.keys ?? DefinedKeys(event, id: id)
            try remember(event, id: id, keys: keys)
            return .event(
                PreparedEvent(location: item.location, event: event, id: id, template: ready?.template, keys: keys))
        } catch var error as ValidationError {
            if error.location.isEmpty { error.location = item.location }
            throw error
        }
    }

    /// Decodes an item (in the form ``chooseForm(_:)`` picks), resolves its aliases, checks its
    /// size, and computes its id, which must equal the `id` the item declares, if any.
    private mutating func decodeAndIdentify(_ item: Item) throws -> (event: Event, id: String) {
        let value = try chooseForm(item)
        var event = try EventDecoder.decode(value)
        try resolveAliases(&event)
        let canonical = event.canonicalBytes
        try Self.checkSize(canonical.count)
        let id = RecordCodec.eventID(canonical: canonical)
        try Self.checkDeclaredID(value, id: id)
        return (event, id)
    }

    /// Refuses an event whose canonical bytes leave too little room for its seal.
    static func checkSize(_ canonicalCount: Int) throws(ValidationError) {
        if canonicalCount > Limits.recordBytes - 512 {
            throw ValidationError(
                field: "",
                problem:
                    "the event encodes to \(canonicalCount) bytes; a record may have at most "
                    + "\(Limits.recordBytes)",
                fix: "shorten the texts or split the event")
        }
    }

    /// Refuses an `id` in the input that is not the one the event's content gives.
    static func checkDeclaredID(_ value: JSONValue, id: String) throws(ValidationError) {
        try checkDeclared(value["id"], id: id)
    }

    /// Refuses a declared `id` member (nil when there is none) that is not `id`.
    static func checkDeclared(_ declared: JSONValue?, id: String) throws(ValidationError) {
        if let declared {
            guard declared.stringValue == id else {
                throw ValidationError(
                    field: "id", value: declared.stringValue ?? declared.kindName,
                    problem: "does not match the event's content, which gives \(id)",
                    fix: "remove 'id' (the ledger computes it) or restore the event's original content")
            }
        }
    }

    /// Takes in the names, values, entity and aliases a validated event defines, so the items
    /// after it in the batch see them.
    private mutating func remember(_ event: Event, id: String, keys: DefinedKeys) throws {
        for key in keys.names { try added.insert(key, value: nextSeq) }
        for (key, value) in keys.values { try added.insert(key, value: value) }
        nextSeq += 1
        if let entity = event.entity { addedEntityEvents[id] = entity.id }
        if let entity = event.entity {
            addedEntities.append(entity.id)
            for alias in [entity.name] + entity.aliases { addedAliases[Name.alias(alias).value] = entity.id }
        }
    }

    /// The input in NFC, unless it is already so, or it is an event already in the log (or named
    /// by its `id`) in the form it was given: an event logged before texts were normalised is
    /// then still recognised as a duplicate. Carried records are never changed.
    private mutating func chooseForm(_ item: Item) throws -> JSONValue {
        guard item.stamp == nil, let nfc = TextRules.normalizedIfNeeded(item.value) else { return item.value }
        var raw = try EventDecoder.decode(item.value)
        try resolveAliases(&raw)
        let rawID = RecordRules.eventID(raw)
        let logged = try known.seq(of: Name(.event, rawID).key) != nil
        let earlier = try added.value(of: Name(.event, rawID).key) != nil
        if item.value["id"]?.stringValue == rawID || logged || earlier {
            return item.value
        }
        return nfc
    }

    /// The value a value name holds (see ``Event/definedValues(id:)``), from this batch or the log.
    private func value(of name: Name) throws -> Int64? {
        let key = key(of: name)
        return try added.value(of: key) ?? known.seq(of: key)
    }

    /// Rules that hold an event against what the log already says: a claim keeps its statement,
    /// a ban is lifted only while in force and not before it began, an entity registration is
    /// never retracted. Each is an index lookup; the log is read only to word a refusal.
    private func checkHistory(_ event: Event) throws {
        for (i, claim) in event.claims.enumerated() {
            guard let statement = claim.statement, try isKnown(Name(.claim, claim.id)),
                try !isKnown(Name.statement(statement, of: claim.id))
            else { continue }
            var first = ""
            if let seq = try known.seq(of: Name(.claim, claim.id).key),
                let earlier = try known.definition(at: seq)?.event.claims.first(where: { $0.id == claim.id })?.statement
            {
                first = ": \(ValidationError.shorten(earlier))"
            }
            throw ValidationError(
                field: "claims[\(i)].statement", value: statement,
                problem: "\(claim.id) already exists with another statement\(first)",
                fix: "leave 'statement' out to take a stance on the claim as it stands, or name a new claim "
                    + "(claim:…) for a different proposition")
        }
        if let lift = event.lifts { try checkLift(lift, of: event) }
        if event.type == .retraction, let target = event.amends?.event, try isKnown(Name(.entityRegistration, target)) {
            var entity = addedEntityEvents[target] ?? "an entity"
            if let seq = try known.seq(of: Name(.event, target).key),
                let id = try known.definition(at: seq)?.event.entity?.id
            {
                entity = id
            }
            throw ValidationError(
                field: "amends.event", value: target,
                problem: "it registers \(entity); entity registrations cannot be retracted",
                fix: "entity ids stay reserved, since any event may name them: leave a mistaken entity unused, "
                    + "and retract or correct the events that use it")
        }
    }

    private func checkLift(_ lift: LiftSpec, of event: Event) throws {
        if let banEvent = try value(of: Name(.banEvent, lift.ban)), try isKnown(Name.retraction(ofKey: banEvent)) {
            throw ValidationError(
                field: "lifts.ban", value: lift.ban, problem: "this ban was retracted, so it is not in force",
                fix: "lift a ban that is in force, or leave it: a retracted ban has no effect")
        }
        if let fullLift = try value(of: Name(.fullLift, lift.ban)), try !isKnown(Name.retraction(ofKey: fullLift)) {
            throw ValidationError(
                field: "lifts.ban", value: lift.ban, problem: "this ban was already lifted in full",
                fix: "record a new ban if it was imposed again; retract or correct the earlier lift if it was wrong")
        }
        guard let start = try value(of: Name(.banStart, lift.ban)) else { return }
        let began = String(format: "%04d-%02d-%02d", Int(start / 10_000), Int(start / 100 % 100), Int(start % 100))
        let date = lift.effective ?? event.occurred
        // The whole period of a partial date must lie before the ban for the lift to be impossible.
        if date.lastDay < began {
            throw ValidationError(
                field: lift.effective == nil ? "occurred" : "lifts.effective", value: date.description,
                problem: "the lift would take effect before the ban was imposed (\(began))",
                fix: "give the date the lift takes effect, on or after \(began)")
        }
    }

    /// The key of `name`, from those the prepare stage computed for the item when it did.
    private func key(of name: Name) -> NameKey {
        for known in itemKeys where known.name == name { return known.key }
        return name.key
    }

    private func isKnown(_ name: Name) throws -> Bool {
        let key = key(of: name)
        return try added.value(of: key) != nil || known.seq(of: key) != nil
    }

    /// Actors may be named by alias ("DeepSeek"); the logged event names the entity id.
    private mutating func resolveAliases(_ event: inout Event) throws {
        event.actors = try resolve(event.actors, field: "actors")
        if let actors = event.amends?.set?.actors {
            event.amends!.set!.actors = try resolve(actors, field: "amends.set.actors")
        }
    }

    private func resolve(_ actors: [ActorRef], field: String) throws -> [ActorRef] {
        var out = actors
        for i in out.indices {
            let ref = out[i].entity
            if Identifiers.entityKind(ref) != nil { continue }
            if let id = try addedAliases[Name.alias(ref).value] ?? known.entity(forAlias: ref) {
                out[i].entity = id
            } else {
                throw ValidationError(
                    field: "\(field)[\(i)].entity", value: ref,
                    problem: "neither an entity id nor a known name or alias",
                    fix: try suggestion(for: ref))
            }
        }
        return out
    }

    private func suggestion(for ref: String) throws -> String {
        let all = Set(try known.allEntityIDs()).union(addedEntities)
        let near = Suggestions.closest(to: ref, in: Array(all))
        let base = "register it first with an 'entity' event (in the same input is fine)"
        return near.isEmpty ? base : "did you mean \(near.joined(separator: ", "))? Otherwise \(base)"
    }

    /// Checks that what the event refers to exists and what it defines does not, in this order:
    /// entities, claims, bans, the amended event.
    private func checkReferences(_ event: Event) throws {
        try checkEntityReferences(event)
        try checkClaimReferences(event)
        try checkBanReferences(event)
        try checkAmendedEvent(event)
    }

    /// Every entity the event names is registered; an entity it registers, and its name and
    /// aliases, are not.
    private func checkEntityReferences(_ event: Event) throws {
        for (field, id) in event.entityReferences where try !isKnown(Name(.entity, id)) {
            throw ValidationError(field: field, value: id, problem: "unknown entity", fix: try suggestion(for: id))
        }
        guard let entity = event.entity else { return }
        if try isKnown(Name(.entity, entity.id)) {
            throw ValidationError(
                field: "entity.id", value: entity.id, problem: "this entity is already registered",
                fix: "use a new id, or refer to the existing entity; the log never re-registers an entity")
        }
        for alias in [entity.name] + entity.aliases {
            if let other = try addedAliases[Name.alias(alias).value] ?? known.entity(forAlias: alias) {
                throw ValidationError(
                    field: "entity.aliases", value: alias, problem: "this name already stands for \(other)",
                    fix: "drop the alias, or make it specific to \(entity.id)")
            }
        }
    }

    /// A claim named without a statement exists already, and so does an assessed claim.
    private func checkClaimReferences(_ event: Event) throws {
        for (i, claim) in event.claims.enumerated() where claim.statement == nil {
            if try !isKnown(Name(.claim, claim.id)) {
                throw ValidationError(
                    field: "claims[\(i)].statement", value: claim.id, problem: "this claim is new and has no statement",
                    fix: "add \"statement\": the proposition in one sentence, e.g. \"DeepSeek distilled Claude\"")
            }
        }
        if let a = event.assessment, try !isKnown(Name(.claim, a.claim)) {
            throw ValidationError(
                field: "assessment.claim", value: a.claim, problem: "unknown claim",
                fix: "assess a claim that an earlier event names (see 'annals log --claim')")
        }
    }

    /// A new ban's id is not taken; a lifted ban exists.
    private func checkBanReferences(_ event: Event) throws {
        if let ban = event.ban, try isKnown(Name(.ban, ban.id)) {
            throw ValidationError(
                field: "ban.id", value: ban.id, problem: "a ban with this id already exists",
                fix: "choose a new id; to amend the existing ban, append a correction")
        }
        if let lift = event.lifts, try !isKnown(Name(.ban, lift.ban)) {
            throw ValidationError(
                field: "lifts.ban", value: lift.ban, problem: "unknown ban",
                fix: "name the id of a ban recorded earlier (see 'annals log --type ban')")
        }
    }

    /// The event a correction or retraction amends is in the log and is not itself an amendment.
    private func checkAmendedEvent(_ event: Event) throws {
        guard let target = event.amends?.event else { return }
        if try !isKnown(Name(.event, target)) {
            throw ValidationError(
                field: "amends.event", value: target, problem: "no event with this id is in the log",
                fix: "give the id of an earlier event (see 'annals log' or 'annals show')")
        }
        if try isKnown(Name(.amendment, target)) {
            throw ValidationError(
                field: "amends.event", value: target, problem: "this event is itself a correction or retraction",
                fix:
                    "amend the original event instead: a new correction with the values you want replaces the "
                    + "earlier one"
            )
        }
    }
}

/// Nearest identifiers by edit distance, for "did you mean" hints.
public enum Suggestions {
    /// The fix for a value that is none of `options`: "did you mean X? Otherwise use one of: …",
    /// or just the list when nothing is close.
    public static func oneOf(_ value: String, _ options: [String]) -> String {
        let list = "use one of: " + options.joined(separator: ", ")
        guard let near = closest(to: value, in: options, limit: 1).first else { return list }
        return "did you mean \(near)? Otherwise " + list
    }

    public static func closest(to target: String, in candidates: [String], limit: Int = 3) -> [String] {
        let t = Array(target.lowercased().unicodeScalars)
        let scored = candidates.map { c -> (String, Int) in
            let cs = Array(c.lowercased().unicodeScalars)
            var d = distance(t, cs)
            // An id whose slug starts the target or is started by it ("DeepSeek AI" vs "org:deepseek").
            if let colon = c.firstIndex(of: ":") {
                let slug = String(c[c.index(after: colon)...])
                let wanted = Identifiers.slugify(target)
                if wanted.count >= 3 && (slug.hasPrefix(wanted) || wanted.hasPrefix(slug)) { d = min(d, 1) }
            }
            return (c, d)
        }
        let threshold = max(2, t.count / 2)
        return scored.filter { $0.1 <= threshold }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
