import AnnalsCore
import AnnalsProjection

/// JSON-LD with schema.org types and its context embedded (no remote context: it parses
/// offline). Every node is in the default graph (a top-level `@graph` beside `@context` only,
/// so a plain RDF graph reader sees every triple): a `Dataset` node stamped with the ledger state
/// (`version`, `description` and a `ledger` node of Annals terms: origin, seq, head, as_of,
/// known_at) and the ledger's own title, description (`abstract`) and publisher; each claim as a
/// `Claim` (its `appearance`s are the sources of the standing events that assert or report it,
/// `firstAppearance` the earliest published), a `ClaimReview` per explicit `claim-status`
/// assessment (never for a derived standing; its author the ledger's publisher, or none), each
/// standing event as an `Event` with its sources, and the sources as `CreativeWork`s.
public enum JSONLDWriter {
    /// The IRI prefix of the Annals terms (the `ledger` stamp and its fields).
    public static let namespace = "urn:annals:ns:export:"

    /// The embedded context: every term used, mapped to its schema.org (or Annals) IRI.
    static var context: JSONValue {
        var o: JSONObject = ["schema": .string("https://schema.org/")]
        let schemaTerms = [
            "Dataset", "Claim", "ClaimReview", "Rating", "Event", "CreativeWork", "Quotation", "Organization",
            "name", "text", "description", "abstract", "identifier", "version", "dateModified",
            "appearance", "firstAppearance", "itemReviewed",
            "reviewRating", "alternateName", "author", "datePublished", "reviewBody", "startDate", "endDate",
            "subjectOf", "citation", "isBasedOn", "publisher", "headline", "about", "keywords",
        ]
        for term in schemaTerms { o[term] = .string("schema:" + term) }
        o["url"] = .object(["@id": .string("schema:url"), "@type": .string("@id")])
        o["ledger"] = .string(namespace + "ledger")
        for term in ["origin", "seq", "head", "as_of", "known_at", "reproduce"] {
            o[term] = .string(namespace + term)
        }
        return .object(o)
    }

    /// The document for `data` at `state`, titled `title`; `words` gives the ledger's description
    /// and publisher.
    public static func document(
        _ data: ExportData, state: LedgerState, title: String, words: LedgerWords = LedgerWords()
    ) -> JSONValue {
        let publisher = words.publisher.map {
            JSONValue.object(["@type": .string("Organization"), "name": .string($0)])
        }
        let events = data.standing
        var sources = SourceNodes()
        var graph: [JSONValue] = []
        let appearances = appearances(of: events, sources: &sources)
        for claim in data.claims { graph.append(claimNode(claim, appearances[claim.id] ?? [], state: state)) }
        for event in events { reviewNodes(event, state: state, author: publisher, sources: &sources, into: &graph) }
        for event in events { graph.append(eventNode(event, state: state, sources: &sources)) }
        graph += sources.nodes
        let stamp = stamp(data, state: state, title: title, words: words, publisher: publisher)
        return .object(["@context": context, "@graph": .array([.object(stamp)] + graph)])
    }

    /// Where a claim appears: a source's node id and its published date.
    typealias Appearance = (key: String, published: String?)

    /// For each claim, the sources of the standing events that assert or report it, each once, in order.
    static func appearances(of events: [ExportEvent], sources: inout SourceNodes) -> [String: [Appearance]] {
        var appearances: [String: [Appearance]] = [:]
        for event in events {
            for h in event.stances where h.kind == "stance" && (h.value == "asserts" || h.value == "reports") {
                for source in event.sources {
                    let key = sources.id(source)
                    if !appearances[h.claimID, default: []].contains(where: { $0.key == key }) {
                        appearances[h.claimID, default: []].append((key, source.published))
                    }
                }
            }
        }
        return appearances
    }

    /// A claim, with its appearances and the earliest of them.
    static func claimNode(_ claim: ClaimSummary, _ seen: [Appearance], state: LedgerState) -> JSONValue {
        var node: JSONObject = [
            "@id": .string(claimIRI(claim.id, state)), "@type": .string("Claim"),
            "identifier": .string(claim.id), "name": .string(claim.statement), "text": .string(claim.statement),
        ]
        if !seen.isEmpty {
            node["appearance"] = .array(seen.map { ref($0.key) })
            // The earliest by published date; undated sources only when none is dated.
            let first = seen.enumerated().min { a, b in
                (a.element.published ?? "~", a.offset) < (b.element.published ?? "~", b.offset)
            }!
            node["firstAppearance"] = ref(first.element.key)
        }
        return .object(node)
    }

    /// A ClaimReview per explicit assessment in `event`, and nothing for a standing the ledger derived.
    static func reviewNodes(
        _ event: ExportEvent, state: LedgerState, author: JSONValue?, sources: inout SourceNodes,
        into graph: inout [JSONValue]
    ) {
        for h in event.stances where h.kind == "assessment" {
            var node: JSONObject = [
                "@id": .string(event.urn + ":review:" + h.claimID), "@type": .string("ClaimReview"),
                "itemReviewed": ref(claimIRI(h.claimID, state)),
                "reviewRating": .object(["@type": .string("Rating"), "alternateName": .string(h.value)]),
                "datePublished": .string(event.row.occurred),
                "name": .string(event.row.title),
            ]
            if let author { node["author"] = author }
            if let note = h.note { node["reviewBody"] = .string(note) }
            if !event.sources.isEmpty { node["citation"] = .array(event.sources.map { ref(sources.id($0)) }) }
            graph.append(.object(node))
        }
    }

    /// The `Dataset` node stamped with the ledger state, its title, description and publisher.
    static func stamp(
        _ data: ExportData, state: LedgerState, title: String, words: LedgerWords, publisher: JSONValue?
    ) -> JSONObject {
        var ledger = state.json.objectValue ?? JSONObject()
        ledger["reproduce"] = .string(state.reproducingOptions)
        var stamp: JSONObject = [
            "@id": .string(state.urn + ":state:\(state.seq)" + (state.asOf.map { ":as-of:\($0.description)" } ?? "")),
            "@type": .string("Dataset"),
            "name": .string(title),
            "description": .string(state.sentence(command: "export jsonld")),
            "identifier": .string(state.urn),
            "version": .string("seq \(state.seq), chain head \(state.head)"),
        ]
        if let description = words.description { stamp["abstract"] = .string(description) }
        if let publisher { stamp["publisher"] = publisher }
        if let last = data.lastRecorded { stamp["dateModified"] = .string(last) }
        stamp["ledger"] = .object(ledger)
        return stamp
    }

    static func claimIRI(_ id: String, _ state: LedgerState) -> String { state.urn + ":" + id }

    static func ref(_ id: String) -> JSONValue { .object(["@id": .string(id)]) }

    /// An event with its claims (`about`), sources (`subjectOf`) and quotes (`citation`).
    static func eventNode(_ event: ExportEvent, state: LedgerState, sources: inout SourceNodes) -> JSONValue {
        let row = event.row
        var node: JSONObject = [
            "@id": .string(event.urn), "@type": .string("Event"), "identifier": .string(row.id),
            "name": .string(row.title), "startDate": .string(row.occurred), "keywords": .string(row.type),
        ]
        if let summary = row.summary { node["description"] = .string(summary) }
        let claims = Array(Set(event.stances.map(\.claimID))).sorted()
        if !claims.isEmpty { node["about"] = .array(claims.map { ref(claimIRI($0, state)) }) }
        if !event.sources.isEmpty {
            node["subjectOf"] = .array(event.sources.map { ref(sources.id($0)) })
            let quotes = event.sources.compactMap { source in
                source.quote.map { quote -> JSONValue in
                    .object([
                        "@type": .string("Quotation"), "text": .string(quote), "isBasedOn": ref(sources.id(source)),
                    ])
                }
            }
            if !quotes.isEmpty { node["citation"] = .array(quotes) }
        }
        return .object(node)
    }

    /// The sources as `CreativeWork` nodes, each once: by URL, else by publisher and title (a blank node).
    struct SourceNodes {
        var ids: [String: String] = [:]
        var nodes: [JSONValue] = []

        mutating func id(_ source: ExportSource) -> String {
            let key = source.url ?? ("\u{1}" + (source.publisher ?? "") + "\u{1}" + (source.title ?? ""))
            if let id = ids[key] { return id }
            let id = source.url ?? "_:source-\(nodes.count + 1)"
            ids[key] = id
            var node: JSONObject = ["@id": .string(id), "@type": .string("CreativeWork")]
            if let url = source.url { node["url"] = .string(url) }
            if let title = source.title {
                node["headline"] = .string(title)
                node["name"] = .string(title)
            }
            if let publisher = source.publisher {
                node["publisher"] = .object(["@type": .string("Organization"), "name": .string(publisher)])
            }
            if let published = source.published { node["datePublished"] = .string(published) }
            nodes.append(.object(node))
            return id
        }
    }
}
