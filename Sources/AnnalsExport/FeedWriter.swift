import AnnalsCore
import AnnalsProjection

/// One feed: its id, title, the base name of its files, and its entries, newest first.
public struct FeedSpec: Sendable {
    public var id: String
    public var title: String
    /// `feed` writes feed.atom and feed.json.
    public var name: String
    public var entries: [ExportEvent]
}

/// Atom (RFC 4287) and JSON Feed 1.1 documents of the newest events, each stamped with the
/// ledger state: in Atom an `annals:state` element (namespace ``namespace``) and the subtitle;
/// in JSON Feed an `_annals` extension object and the description.
public enum FeedWriter {
    /// The XML namespace of the Atom extension elements.
    public static let namespace = "urn:annals:ns:export"

    /// Every file of a feed export, by path relative to the output folder: feed.atom and
    /// feed.json of the newest `limit` events, then entities/<slug>.atom and .json per entity.
    /// Titled with the ledger's title (`words`, else its origin), described with its description,
    /// authored by its publisher (else its origin).
    public static func files(
        _ data: ExportData, state: LedgerState, words: LedgerWords = LedgerWords(), limit: Int
    ) -> [(path: String, bytes: [UInt8])] {
        let newest = Array(data.events.reversed())
        let title = words.heading(origin: state.origin)
        var feeds = [
            FeedSpec(id: state.urn + ":feed", title: title, name: "feed", entries: Array(newest.prefix(limit)))
        ]
        for entity in data.entities {
            feeds.append(
                FeedSpec(
                    id: state.urn + ":feed:" + entity.id, title: "\(title): \(entity.name)",
                    name: "entities/" + slug(entity.id),
                    entries: Array(newest.lazy.filter { $0.mentions.contains(entity.id) }.prefix(limit))))
        }
        let about = Header(state: state, words: words, fallback: data.lastRecorded)
        return feeds.flatMap { feed in
            [
                (feed.name + ".atom", atom(feed, data: data, about: about)),
                (feed.name + ".json", jsonFeed(feed, data: data, about: about)),
            ]
        }
    }

    /// An entity id as a file name: `gov:us/bis` → `gov.us+bis` (ids hold no `+`, and the kind no `.`).
    public static func slug(_ entityID: String) -> String {
        String(entityID.map { $0 == ":" ? "." : $0 == "/" ? "+" : $0 })
    }

    /// The feed's `updated` time: its newest entry's, else the state's latest record's.
    static func updated(_ feed: FeedSpec, fallback: String?) -> String {
        feed.entries.map(\.updated).max() ?? fallback ?? "1970-01-01T00:00:00Z"
    }

    /// What every feed of an export says of the ledger: its state, its own words, and the time
    /// a feed without entries was updated.
    public struct Header: Sendable {
        public var state: LedgerState
        public var words: LedgerWords
        public var fallback: String?

        /// The feed's description: the ledger's, then the state sentence.
        var description: String {
            (words.description.map { $0 + "\n\n" } ?? "") + state.sentence(command: "export feed")
        }
        /// The feed's author: the ledger's publisher, else its origin.
        var author: String { words.publisher ?? state.origin ?? "Annals ledger" }
    }

    /// The feed as Atom.
    public static func atom(_ feed: FeedSpec, data: ExportData, about: Header) -> [UInt8] {
        let (state, fallback) = (about.state, about.fallback)
        let e = Markup.escape
        let file = String(feed.name.split(separator: "/").last!)
        var x = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:annals="\(namespace)">
              <id>\(e(feed.id))</id>
              <title type="text">\(e(feed.title))</title>
              <subtitle type="text">\(e(about.description))</subtitle>
              <updated>\(e(updated(feed, fallback: fallback)))</updated>
              <author><name>\(e(about.author))</name></author>
              <link rel="self" type="application/atom+xml" href="\(e(file)).atom"/>
              <link rel="alternate" type="application/feed+json" href="\(e(file)).json"/>
              <generator>Annals</generator>
              \(stateElement(state))

            """
        for event in feed.entries { x += atomEntry(FeedEntry(event: event, data: data)) }
        x += "</feed>\n"
        return Array(x.utf8)
    }

    /// `<annals:state origin=… seq=… head=… as-of=… known-at=… reproduce=…/>`.
    static func stateElement(_ state: LedgerState) -> String {
        var attributes: [(String, String)] = []
        if let origin = state.origin { attributes.append(("origin", origin)) }
        attributes += [("seq", "\(state.seq)"), ("head", state.head)]
        if let asOf = state.asOf { attributes.append(("as-of", asOf.description)) }
        if let knownAt = state.knownAt { attributes.append(("known-at", knownAt.description)) }
        attributes.append(("reproduce", state.reproducingOptions))
        return "<annals:state" + attributes.map { " \($0.0)=\"\(Markup.escape($0.1))\"" }.joined() + "/>"
    }

    static func atomEntry(_ entry: FeedEntry) -> String {
        let e = Markup.escape
        let row = entry.event.row
        var x = """
              <entry>
                <id>\(e(entry.event.urn))</id>
                <title type="text">\(e(entry.title))</title>
                <updated>\(e(entry.event.updated))</updated>
                <published>\(e(row.recorded))</published>
                <author><name>\(e(row.recorder))</name></author>
                <category term="\(e(row.type))" scheme="\(namespace):type"/>

            """
        if let link = entry.link { x += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(e(link))\"/>\n" }
        for source in entry.event.sources {
            guard let url = source.url else { continue }
            let title = [source.publisher, source.title].compactMap { $0 }.joined(separator: ": ")
            x += "    <link rel=\"via\" href=\"\(e(url))\"" + (title.isEmpty ? "" : " title=\"\(e(title))\"") + "/>\n"
        }
        if let target = entry.event.amended {
            let verb = row.type == "retraction" ? "Retracts" : "Corrects"
            x += related(target, title: verb + ": " + target.title)
        }
        if let amender = entry.event.amender {
            x += related(amender, title: "Amended by: " + amender.title)
        }
        var attributes =
            "id=\"\(e(row.id))\" seq=\"\(row.seq)\" occurred=\"\(e(row.occurred))\" status=\"\(e(row.status))\""
        if let target = entry.event.amended { attributes += " amends=\"\(e(target.id))\"" }
        x += """
                <summary type="text">\(e(entry.text))</summary>
                <content type="html">\(e(entry.html))</content>
                <annals:event \(attributes)/>
              </entry>

            """
        return x
    }

    /// A `related` link to another event's entry.
    static func related(_ event: EventRow, title: String) -> String {
        "    <link rel=\"related\" href=\"\(Markup.escape(ExportEvent.urn(event.id)))\" "
            + "title=\"\(Markup.escape(title))\"/>\n"
    }

    /// The feed as JSON Feed 1.1.
    public static func jsonFeed(_ feed: FeedSpec, data: ExportData, about: Header) -> [UInt8] {
        let state = about.state
        let items = feed.entries.map { event -> JSONValue in
            let entry = FeedEntry(event: event, data: data)
            let row = event.row
            var item: JSONObject = [
                "id": .string(event.urn), "title": .string(entry.title), "content_html": .string(entry.html),
                "content_text": .string(entry.text),
            ]
            if let summary = row.summary { item["summary"] = .string(summary) }
            if let link = entry.link { item["external_url"] = .string(link) }
            item["date_published"] = .string(row.recorded)
            item["date_modified"] = .string(event.updated)
            item["authors"] = .array([.object(["name": .string(row.recorder)])])
            item["tags"] = .array(([row.type] + event.mentions).map { .string($0) })
            var ext: JSONObject = [
                "event_id": .string(row.id), "seq": .integer(row.seq), "type": .string(row.type),
                "occurred": .string(row.occurred), "status": .string(row.status),
            ]
            if let target = event.amended {
                ext["amends"] = .object([
                    "event_id": .string(target.id), "item_id": .string(ExportEvent.urn(target.id)),
                ])
            }
            if let amender = event.amender {
                ext["amended_by"] = .object([
                    "event_id": .string(amender.id), "item_id": .string(ExportEvent.urn(amender.id)),
                ])
            }
            ext["sources"] = .array(event.sources.map(sourceJSON))
            item["_annals"] = .object(ext)
            return .object(item)
        }
        let document: JSONObject = [
            "version": .string("https://jsonfeed.org/version/1.1"),
            "title": .string(feed.title),
            "description": .string(about.description),
            "authors": .array([.object(["name": .string(about.author)])]),
            "_annals": .object([
                "feed_id": .string(feed.id), "ledger": state.json, "reproduce": .string(state.reproducingOptions),
            ]),
            "items": .array(items),
        ]
        return PrettyJSON.encode(.object(document))
    }

    /// A source as JSON, a field without a value left out.
    static func sourceJSON(_ source: ExportSource) -> JSONValue {
        var o = JSONObject()
        for (key, value) in [
            ("url", source.url), ("publisher", source.publisher), ("title", source.title),
            ("published", source.published), ("quote", source.quote),
        ] {
            if let value { o[key] = .string(value) }
        }
        return .object(o)
    }
}
