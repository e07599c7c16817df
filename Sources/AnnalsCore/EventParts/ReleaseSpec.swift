/// `release` events: what was released.
public struct ReleaseSpec: EventPart {
    /// The released model, chip or product (an entity id).
    public var product: String
    public var version: String?

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> ReleaseSpec {
        ReleaseSpec(
            product: try f.requiredEntityID("product"),
            version: try f.optionalText("version", limit: Limits.nameCharacters, multiline: false))
    }

    public var json: JSONValue {
        var o: JSONObject = ["product": .string(product)]
        if let version { o["version"] = .string(version) }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("product", product)
        w.field("version", version)
        w.endObject()
    }
}
