/// One part of an event (a source, an actor, a ban…): its type, how it is read and checked, and
/// how it is written back, kept in one file so that adding a field touches that file (and the
/// projection) only.
///
/// The three forms must agree: `json` is exactly what `decode` accepts, and `write(into:)`
/// writes the canonical bytes of `json` (debug builds check the key order as it writes; the
/// golden tests check the bytes).
protocol EventPart: Sendable, Equatable {
    /// Reads and checks the part from the object `f` stands on, for an event of type `type`.
    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> Self
    /// The part as a JSON object, with absent optional fields left out.
    var json: JSONValue { get }
    /// Writes the part as one canonical JSON object, keys in byte order.
    func write(into w: inout CanonicalWriter)
}

extension Array where Element: EventPart {
    /// Writes the parts as a canonical JSON array.
    func write(into w: inout CanonicalWriter) {
        w.beginArray()
        for part in self { part.write(into: &w) }
        w.endArray()
    }

    var json: JSONValue { .array(map(\.json)) }
}
