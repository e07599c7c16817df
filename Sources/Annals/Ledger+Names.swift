import AnnalsCore
import AnnalsProjection

extension Ledger {
    /// The id of the entity `text` names (its id, name or alias, as `append` takes them), given
    /// to a read filter as `flag`: an unknown text is refused with the closest names, never
    /// answered with nothing.
    public func resolveEntity(_ text: String, flag: String, in reader: Reader) throws -> String {
        try EntityResolver(try reader.entityNames()).resolve(text, flag: flag)
    }

    /// `filter` with `actor` (an id, name or alias) resolved, and the bans it imposes or is
    /// targeted by, so their events and lifts are listed too.
    public func resolvingActor(_ actor: String?, in filter: LogFilter) throws -> LogFilter {
        guard let actor else { return filter }
        let reader = try reader()
        var resolved = filter
        resolved.actor = try resolveEntity(actor, flag: "--actor", in: reader)
        resolved.actorBans = try reader.bans(involving: resolved.actor!)
        return resolved
    }
}
