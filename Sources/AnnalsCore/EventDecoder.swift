/// Turns a JSON object into a valid ``Event``, or says exactly which field is wrong and how to fix it.
///
/// Checks everything that can be checked on one event alone: field names and types, the
/// fields each event type requires, identifiers, dates, text lengths and characters. References
/// to other events, entities, claims and bans are checked by ``BatchValidator``.
public enum EventDecoder {
    /// Fields the ledger sets on each record; input must not carry them (except a matching `id`).
    public static let ledgerFields = ["seq", "prev", "hash", "recorded", "recorder"]

    public static func decode(_ value: JSONValue) throws(ValidationError) -> Event {
        guard case .object(let object) = value else {
            throw ValidationError(
                field: "", problem: "an event must be a JSON object, got \(value.kindName)",
                fix: "write each event as {\"type\": …, \"title\": …, \"occurred\": …, \"sources\": […]}")
        }
        return try Event.decode(object)
    }

    /// Checks the name a record is recorded under (`--recorder`, `ANNALS_RECORDER`, git user.name).
    public static func checkRecorder(_ name: String) throws(ValidationError) {
        try FieldReader.checkText(name, field: "recorder", limit: Limits.nameCharacters, multiline: false)
    }
}
