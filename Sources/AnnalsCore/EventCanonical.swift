/// The canonical bytes of events and records, written field by field in canonical key order.
/// Equal to `CanonicalJSON.encode(event.json)` (tests check this), only much faster: this is
/// the hot path of append and verify.
extension Event {
    /// The chain fields that turn an event into a record.
    public struct Seal: Sendable {
        public var seq: Int64
        public var prev: String
        /// Nil while computing the hash itself.
        public var hash: String?
        public var id: String
        public var recorded: String
        public var recorder: String
        public init(seq: Int64, prev: String, hash: String?, id: String, recorded: Timestamp, recorder: String) {
            (self.seq, self.prev, self.hash, self.id, self.recorded, self.recorder) = (
                seq, prev, hash, id, recorded.description, recorder
            )
        }
    }

    /// Canonical JSON of the event alone (what its id addresses).
    public var canonicalBytes: [UInt8] {
        var w = CanonicalWriter()
        write(into: &w, seal: nil)
        return w.bytes
    }

    /// Writes the event (and, with a seal, the record) as one canonical JSON object.
    public func write(into w: inout CanonicalWriter, seal: Seal?) {
        w.beginObject()
        if !actors.isEmpty {
            w.key("actors")
            Self.write(actors, into: &w)
        }
        if let a = amends {
            w.key("amends")
            w.beginObject()
            w.field("event", a.event)
            w.field("reason", a.reason)
            if let p = a.set {
                w.key("set")
                w.beginObject()
                if let x = p.actors {
                    w.key("actors")
                    Self.write(x, into: &w)
                }
                w.field("certainty", p.certainty)
                w.field("occurred", p.occurred?.description)
                if let x = p.sources {
                    w.key("sources")
                    Self.write(x, into: &w)
                }
                w.field("summary", p.summary)
                w.field("title", p.title)
                w.endObject()
            }
            w.endObject()
        }
        if let a = assessment {
            w.key("assessment")
            w.beginObject()
            w.field("claim", a.claim)
            w.field("note", a.note)
            w.field("status", a.status.rawValue)
            w.endObject()
        }
        if let b = ban {
            w.key("ban")
            w.beginObject()
            w.field("authority", b.authority)
            w.field("effective", b.effective?.description)
            w.field("id", b.id)
            if !b.items.isEmpty { w.stringArray("items", b.items) }
            w.stringArray("targets", b.targets)
            w.endObject()
        }
        w.field("certainty", certainty)
        if !claims.isEmpty {
            w.key("claims")
            w.beginArray()
            for c in claims {
                w.beginObject()
                w.field("id", c.id)
                w.field("stance", c.stance.rawValue)
                w.field("statement", c.statement)
                w.endObject()
            }
            w.endArray()
        }
        if let e = entity {
            w.key("entity")
            w.beginObject()
            if !e.aliases.isEmpty { w.stringArray("aliases", e.aliases) }
            w.field("id", e.id)
            w.field("name", e.name)
            w.endObject()
        }
        if let seal {
            w.field("hash", seal.hash)
            w.markHashPosition()
            w.field("id", seal.id)
        }
        if let l = lifts {
            w.key("lifts")
            w.beginObject()
            w.field("ban", l.ban)
            w.field("effective", l.effective?.description)
            w.field("scope", l.scope.rawValue)
            w.endObject()
        }
        w.field("occurred", occurred.description)
        if let seal {
            w.field("prev", seal.prev)
            w.field("recorded", seal.recorded)
            w.field("recorder", seal.recorder)
        }
        if let r = release {
            w.key("release")
            w.beginObject()
            w.field("product", r.product)
            w.field("version", r.version)
            w.endObject()
        }
        if let seal {
            w.key("seq")
            w.integer(seal.seq)
        }
        w.key("sources")
        Self.write(sources, into: &w)
        w.field("summary", summary)
        w.field("title", title)
        w.field("type", type.rawValue)
        w.endObject()
    }

    static func write(_ actors: [ActorRef], into w: inout CanonicalWriter) {
        w.beginArray()
        for a in actors {
            w.beginObject()
            w.field("entity", a.entity)
            w.field("role", a.role)
            w.endObject()
        }
        w.endArray()
    }

    static func write(_ sources: [Source], into w: inout CanonicalWriter) {
        w.beginArray()
        for s in sources {
            w.beginObject()
            w.field("published", s.published?.description)
            w.field("publisher", s.publisher)
            w.field("quote", s.quote)
            w.field("title", s.title)
            w.field("url", s.url)
            w.endObject()
        }
        w.endArray()
    }
}
