/// Turns a JSON object into a valid ``Event``, or says exactly which field is wrong and how to fix it.
///
/// Checks everything that can be checked on one event alone: field names and types, the
/// fields each event type requires, identifiers, dates, text lengths and characters. References
/// to other events, entities, claims and bans are checked by ``BatchValidator``.
public enum EventDecoder {
    /// Fields the ledger sets on each record; input must not carry them (except a matching `id`).
    public static let ledgerFields = ["seq", "prev", "hash", "recorded", "recorder"]
    /// The same, as plain keys.
    static let ledgerFieldKeys: [StaticString] = ["seq", "prev", "hash", "recorded", "recorder"]

    public static func decode(_ value: JSONValue) throws(ValidationError) -> Event {
        guard case .object(let object) = value else {
            throw ValidationError(
                field: "", problem: "an event must be a JSON object, got \(value.kindName)",
                fix: "write each event as {\"type\": …, \"title\": …, \"occurred\": …, \"sources\": […]}")
        }
        return try Event.decode(object)
    }

    /// The event in one JSON text, as `decode(JSONParser.parse(bytes))` gives it (its texts as
    /// written, not normalised), read straight from the bytes when it can be.
    public static func decode(bytes: ArraySlice<UInt8>) throws -> Event {
        if let (event, _) = decodeFast(bytes, requireNFC: false) { return event }
        return try decode(JSONParser.parse(bytes))
    }

    /// The event in one JSON text, read straight from its bytes, when this fast path can vouch
    /// for the outcome: ``JSONParser`` accepts the text, its strings are already in NFC (so
    /// ``TextRules/normalizedIfNeeded(_:)`` leaves it as it is), and ``decode(_:)`` accepts it.
    /// The event is then exactly the one `decode(JSONParser.parse(bytes))` gives, with the `id`
    /// member the text declares, if any. Nil means the fast path cannot tell (invalid or unusual
    /// input): take the usual way for the verdict and the exact error.
    public static func decodePlain(_ bytes: ArraySlice<UInt8>) -> (event: Event, declaredID: JSONValue?)? {
        decodeFast(bytes, requireNFC: true)
    }

    static func decodeFast(_ bytes: ArraySlice<UInt8>, requireNFC: Bool) -> (event: Event, declaredID: JSONValue?)? {
        bytes.withUnsafeBufferPointer { buf in
            guard let tape = try? JSONTape(buf) else { return nil }
            return tape.withView { t in
                guard t.nodes[0].kind == .object, !requireNFC || t.isNFC else { return nil }
                let object = FieldObject.tape(t, 0, hidden: 0)
                guard let event = try? Event.decode(object) else { return nil }
                return (event, object.member("id")?.value.jsonValue)
            }
        }
    }

    /// Checks the name a record is recorded under (`--recorder`, `ANNALS_RECORDER`, git user.name).
    public static func checkRecorder(_ name: String) throws(ValidationError) {
        try FieldReader.checkText(name, field: "recorder", limit: Limits.nameCharacters, multiline: false)
    }
}
