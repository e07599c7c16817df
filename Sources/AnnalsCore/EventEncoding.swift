/// The JSON form of events, the exact inverse of ``EventDecoder``.
extension Event {
    public var json: JSONValue {
        var o: JSONObject = [
            "type": .string(type.rawValue),
            "title": .string(title),
            "occurred": .string(occurred.description),
            "sources": .array(sources.map(\.json)),
        ]
        if let summary { o["summary"] = .string(summary) }
        if !actors.isEmpty { o["actors"] = .array(actors.map(\.json)) }
        if !claims.isEmpty { o["claims"] = .array(claims.map(\.json)) }
        if let certainty { o["certainty"] = .string(certainty) }
        if let entity { o["entity"] = entity.json }
        if let release { o["release"] = release.json }
        if let ban { o["ban"] = ban.json }
        if let lifts { o["lifts"] = lifts.json }
        if let assessment { o["assessment"] = assessment.json }
        if let amends { o["amends"] = amends.json }
        return .object(o)
    }

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

extension ActorRef {
    public var json: JSONValue { .object(["entity": .string(entity), "role": .string(role)]) }
}

extension ClaimRef {
    public var json: JSONValue {
        var o: JSONObject = ["id": .string(id), "stance": .string(stance.rawValue)]
        if let statement { o["statement"] = .string(statement) }
        return .object(o)
    }
}

extension Source {
    public var json: JSONValue {
        var o: JSONObject = [:]
        if let url { o["url"] = .string(url) }
        if let publisher { o["publisher"] = .string(publisher) }
        if let title { o["title"] = .string(title) }
        if let published { o["published"] = .string(published.description) }
        if let quote { o["quote"] = .string(quote) }
        return .object(o)
    }
}

extension EntitySpec {
    public var json: JSONValue {
        var o: JSONObject = ["id": .string(id), "name": .string(name)]
        if !aliases.isEmpty { o["aliases"] = .array(aliases.map { .string($0) }) }
        return .object(o)
    }
}

extension ReleaseSpec {
    public var json: JSONValue {
        var o: JSONObject = ["product": .string(product)]
        if let version { o["version"] = .string(version) }
        return .object(o)
    }
}

extension BanSpec {
    public var json: JSONValue {
        var o: JSONObject = [
            "id": .string(id), "authority": .string(authority),
            "targets": .array(targets.map { .string($0) }),
        ]
        if !items.isEmpty { o["items"] = .array(items.map { .string($0) }) }
        if let effective { o["effective"] = .string(effective.description) }
        return .object(o)
    }
}

extension LiftSpec {
    public var json: JSONValue {
        var o: JSONObject = ["ban": .string(ban), "scope": .string(scope.rawValue)]
        if let effective { o["effective"] = .string(effective.description) }
        return .object(o)
    }
}

extension Assessment {
    public var json: JSONValue {
        var o: JSONObject = ["claim": .string(claim), "status": .string(status.rawValue)]
        if let note { o["note"] = .string(note) }
        return .object(o)
    }
}

extension Amendment {
    public var json: JSONValue {
        var o: JSONObject = ["event": .string(event), "reason": .string(reason)]
        if let set { o["set"] = set.json }
        return .object(o)
    }
}

extension EventPatch {
    public var json: JSONValue {
        var o: JSONObject = [:]
        if let title { o["title"] = .string(title) }
        if let summary { o["summary"] = .string(summary) }
        if let occurred { o["occurred"] = .string(occurred.description) }
        if let certainty { o["certainty"] = .string(certainty) }
        if let actors { o["actors"] = .array(actors.map(\.json)) }
        if let sources { o["sources"] = .array(sources.map(\.json)) }
        return .object(o)
    }
}
