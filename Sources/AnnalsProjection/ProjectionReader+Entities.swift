import AnnalsCore
import GRDB

extension ProjectionReader {
    /// Every entity ever registered (whatever the moment), with its name and aliases: what a
    /// name or alias given to a read filter is resolved against.
    public func entityNames() throws -> [EntityResolver.Entry] {
        try within { ctx in
            let names = try ctx.values("SELECT id, name, names FROM entity_facts ORDER BY id")
            let aliases = try ctx.values("SELECT entity_id, alias FROM entity_alias_facts ORDER BY entity_id, alias")
            var aliasesOf: [String: [String]] = [:]
            for row in aliases {
                guard let id = String.fromDatabaseValue(row[0]), let alias = String.fromDatabaseValue(row[1]) else {
                    continue
                }
                aliasesOf[id, default: []].append(alias)
            }
            return names.compactMap { row in
                guard let id = String.fromDatabaseValue(row[0]), let name = String.fromDatabaseValue(row[1]) else {
                    return nil
                }
                let names = String.fromDatabaseValue(row[2]).map(Self.localNames) ?? []
                return EntityResolver.Entry(id: id, name: name, aliases: aliasesOf[id] ?? [], names: names)
            }
        }
    }

    /// The names of an `entity_facts.names` JSON object, in tag order.
    static func localNames(_ json: String) -> [LocalName] {
        guard let value = try? JSONParser.parse(Array(json.utf8)), case .object(let o) = value else { return [] }
        return o.members.compactMap { m in m.value.stringValue.map { LocalName(lang: m.key, text: $0) } }
    }
}

extension ProjectionReader {
    /// Every entity registered at the moment, with the seq of the record that registered it, in
    /// id order (through the key of `entity_facts`: `annals entities` reads those records by seq,
    /// never the whole log).
    public func registeredEntities() throws -> [(id: String, seq: Int64)] {
        try within { ctx in
            try ctx.values("SELECT id, registered_by FROM entities ORDER BY id").compactMap { row in
                guard let id = String.fromDatabaseValue(row[0]), let seq = Int64.fromDatabaseValue(row[1]) else {
                    return nil
                }
                return (id, seq)
            }
        }
    }

    /// The seqs of at most `limit` events of the moment whose id starts with `prefix`, in log
    /// order: one range of the id index (event ids are lowercase hex after `ev_`, all below `~`).
    public func events(idPrefix prefix: String, limit: Int = 2) throws -> [Int64] {
        let from = cut == nil ? "event_versions WHERE vid > 0 AND" : "events WHERE"
        return try within { ctx in
            try ctx.column(
                "SELECT seq FROM \(from) id >= ? AND id < ? ORDER BY seq LIMIT ?", [prefix, prefix + "~", limit])
        }
    }
}
