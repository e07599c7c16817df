import Foundation

/// Rules an event must meet when it is appended (not when an old record is read back, so a rule
/// added later never makes an existing log unreadable).
enum RecordRules {
    /// Entity kinds a release can be of.
    static let releasable = ["product", "model", "chip"]

    /// The id an event gets (see ``RecordCodec/eventID(canonical:)``).
    static func eventID(_ event: Event) -> String {
        RecordCodec.eventID(canonical: event.canonicalBytes)
    }

    static func check(_ event: Event, recorded: Timestamp?) throws(ValidationError) {
        if let product = event.release?.product, let kind = Identifiers.entityKind(product), !releasable.contains(kind)
        {
            throw ValidationError(
                field: "release.product", value: product, problem: "a \(kind) cannot be released",
                fix: "name the released product, model or chip (product:…, model:…, chip:…); "
                    + "the organisation that releases it goes in 'actors'")
        }
        if let entity = event.entity {
            try TextRules.checkVisible(entity.name, field: "entity.name")
            for (i, alias) in entity.aliases.enumerated() {
                try TextRules.checkVisible(alias, field: "entity.aliases[\(i)]")
            }
        }
        if let recorded { try checkNotAfter(event, recorded: recorded) }
    }

    /// What happened, and when sources were published, cannot lie after the moment it is recorded
    /// (a day of slack for time zones). A ban's or a lift's `effective` date may: it is scheduled.
    static func checkNotAfter(_ event: Event, recorded: Timestamp) throws(ValidationError) {
        let latest = Timestamp(secondsSinceEpoch: recorded.secondsSinceEpoch + 86_400)
        // The dates in the order they are checked; a field's name is spelled out only for a refusal.
        func check(_ date: PartialDate, _ field: @autoclosure () -> String) throws(ValidationError) {
            guard Timestamp(startOf: date) > latest else { return }
            throw ValidationError(
                field: field(), value: date.description,
                problem: "is after the time it is recorded (\(recorded)); the ledger records what has happened",
                fix: "check the year; a ban or lift that takes effect later keeps today's date in 'occurred' "
                    + "and the future date in 'effective'")
        }
        try check(event.occurred, "occurred")
        for (i, s) in event.sources.enumerated() {
            if let p = s.published { try check(p, "sources[\(i)].published") }
        }
        if let set = event.amends?.set {
            if let o = set.occurred { try check(o, "amends.set.occurred") }
            for (i, s) in (set.sources ?? []).enumerated() {
                if let p = s.published { try check(p, "amends.set.sources[\(i)].published") }
            }
        }
    }
}
