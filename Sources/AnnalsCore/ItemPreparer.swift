extension BatchValidator {
    /// What the prepare stage made of an item, before the validator sees it.
    public enum Prepared: Sendable {
        /// Decoded and identified; the validator checks it against the log and the batch.
        case ready(Ready)
        /// Refused on its own (invalid JSON, an invalid event, a wrong `id`…): the validator
        /// reports this error when it reaches the item, as it would have found it.
        case failed(ValidationError)
    }

    /// An event decoded, identified and encoded on its own, with what the validator would
    /// otherwise compute for it.
    public struct Ready: Sendable {
        var event: Event
        var id: String
        var keys: DefinedKeys
        /// The keys of the names the validator looks up for the event (see ``Event/referencedNames``).
        var referenceKeys: [(name: Name, key: NameKey)]
        var template: RecordTemplate
        /// The outcome of ``RecordRules/check(_:recorded:)`` at `rulesCheckedAt`: the validator
        /// reports the error in its turn (after the references), or checks again at another time.
        var rulesCheckedAt: Timestamp
        var ruleError: ValidationError?
    }

    /// The keys of the names an event defines (its own event name first) and of its value names.
    struct DefinedKeys: Sendable {
        var names: [NameKey]
        var values: [(key: NameKey, value: Int64)]

        init(_ event: Event, id: String) {
            names = event.definedNames(id: id).map(\.key)
            values = event.definedValues(eventKey: names[0]).map { ($0.name.key, $0.value) }
        }
    }
}

/// The stage of validation that needs nothing but the item itself, so it can run on any
/// thread, on many items at once: parsing a line, decoding the event, encoding its record but
/// for `prev` and `seq`, computing its id and the keys of the names it defines, and checking the
/// record rules. ``BatchValidator/validate(_:recorded:)`` then does the rest in input order.
///
/// Items whose form depends on the log are left whole for the validator: texts not in Unicode
/// NFC (an event logged before texts were normalised keeps its form) and actors named by alias.
public struct ItemPreparer: Sendable {
    /// Who records the batch's new events, and when (as the append will seal them).
    public var recorder: String
    public var recorded: Timestamp

    public init(recorder: String, recorded: Timestamp) {
        self.recorder = recorder
        self.recorded = recorded
    }

    /// The item for `value` at `location`, prepared when it can be.
    public func item(_ value: JSONValue, location: String) -> BatchValidator.Item {
        guard let prepared = prepare(value) else { return BatchValidator.Item(location: location, value: value) }
        return BatchValidator.Item(location: location, prepared: prepared)
    }

    /// The items of a chunk of JSON Lines, in order: each line parsed, then prepared.
    public func items(_ chunk: LineChunk) -> [BatchValidator.Item] {
        var items: [BatchValidator.Item] = []
        items.reserveCapacity(chunk.lines.count)
        for line in chunk.lines {
            let location = "line \(line.number)"
            // Most lines decode straight from their bytes; anything unusual takes the parser's way.
            if let plain = EventDecoder.decodePlain(chunk.bytes[line.range]), !plain.event.namesActorsByAlias {
                items.append(
                    BatchValidator.Item(
                        location: location, prepared: prepare(plain.event, declaredID: plain.declaredID)))
                continue
            }
            do {
                let value = try InputParser.parse(chunk.bytes[line.range], location: location, whole: nil)
                items.append(item(value, location: location))
            } catch {
                items.append(BatchValidator.Item(location: location, prepared: .failed(error)))
            }
        }
        return items
    }

    /// What can be known of `value` alone, or nil when the validator must decide with the log.
    func prepare(_ value: JSONValue) -> BatchValidator.Prepared? {
        guard TextRules.isNFC(value) else { return nil }
        let event: Event
        do { event = try EventDecoder.decode(value) } catch { return .failed(error) }
        guard !event.namesActorsByAlias else { return nil }
        return prepare(event, declaredID: value["id"])
    }

    /// What can be known of a decoded event (in NFC, its actors named by id) alone; `declaredID`
    /// is the input's `id` member, if any.
    func prepare(_ event: Event, declaredID: JSONValue?) -> BatchValidator.Prepared {
        var template = RecordTemplate(event, recorded: recorded, recorder: recorder)
        let id = template.eventID
        do {
            try BatchValidator.checkSize(template.canonicalCount)
            try BatchValidator.checkDeclared(declaredID, id: id)
        } catch {
            return .failed(error)
        }
        template.fill(id: id)
        var ruleError: ValidationError?
        do { try RecordRules.check(event, recorded: recorded) } catch { ruleError = error }
        return .ready(
            BatchValidator.Ready(
                event: event, id: id, keys: BatchValidator.DefinedKeys(event, id: id),
                referenceKeys: event.referencedNames.map { ($0, $0.key) }, template: template,
                rulesCheckedAt: recorded, ruleError: ruleError))
    }
}

extension Event {
    /// The names the validator looks up in the log and the batch for this event, when it is
    /// well formed: what it refers to, and what it defines that must be new.
    var referencedNames: [Name] {
        var names = entityReferences.map { Name(.entity, $0.id) }
        if let entity { names.append(Name(.entity, entity.id)) }
        for claim in claims {
            names.append(Name(.claim, claim.id))
            if let statement = claim.statement { names.append(Name.statement(statement, of: claim.id)) }
        }
        if let assessment { names.append(Name(.claim, assessment.claim)) }
        if let ban { names.append(Name(.ban, ban.id)) }
        if let lifts {
            names += [Name(.ban, lifts.ban), Name(.banEvent, lifts.ban), Name(.fullLift, lifts.ban)]
            names.append(Name(.banStart, lifts.ban))
        }
        if let target = amends?.event {
            names += [Name(.event, target), Name(.amendment, target), Name(.entityRegistration, target)]
        }
        return names
    }

    /// Whether an actor is named by a name or alias rather than an entity id (the validator
    /// resolves those against the log).
    var namesActorsByAlias: Bool {
        let byAlias = { (actor: ActorRef) in Identifiers.entityKind(actor.entity) == nil }
        return actors.contains(where: byAlias) || amends?.set?.actors?.contains(where: byAlias) == true
    }
}
