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
