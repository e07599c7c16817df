/// What happened, as recorded in the log: the substance of an event without its place in the
/// chain. Built only through ``EventDecoder``, so every `Event` is valid on its own.
public struct Event: Sendable, Equatable {
    public var type: EventType
    public var title: String
    public var summary: String?
    /// When it happened in the world (valid time).
    public var occurred: PartialDate
    public var actors: [ActorRef]
    public var claims: [ClaimRef]
    public var sources: [Source]
    /// How sure the sources are, in the recorder's words ("confirmed by primary source").
    public var certainty: String?
    /// `entity` events: the entity registered.
    public var entity: EntitySpec?
    /// `release` events: what was released.
    public var release: ReleaseSpec?
    /// `ban` events: the ban imposed.
    public var ban: BanSpec?
    /// `ban-lifted` events: the ban lifted or relaxed.
    public var lifts: LiftSpec?
    /// `claim-status` events: the editorial assessment.
    public var assessment: Assessment?
    /// `correction` and `retraction` events: the earlier event they amend.
    public var amends: Amendment?
}

public enum EventType: String, Sendable, CaseIterable, Hashable {
    case entity, release, announcement, ban
    case banLifted = "ban-lifted"
    case accusation, report, response
    case claimStatus = "claim-status"
    case correction, retraction
}

/// An entity taking part in an event, and its role there ("accuser", "developer").
public struct ActorRef: Sendable, Equatable {
    public var entity: String
    public var role: String
}

/// A claim an event takes a stance on. `statement` defines the claim the first time it appears.
public struct ClaimRef: Sendable, Equatable {
    public var id: String
    public var stance: Stance
    public var statement: String?
}

public enum Stance: String, Sendable, CaseIterable {
    /// The event's actor states the claim as true.
    case asserts
    /// The event relays an allegation made by others (press reports, anonymous officials).
    case reports
    /// The event's actor denies or disputes the claim.
    case denies
    /// The event's actor admits the claim.
    case acknowledges
    /// The actor was asked, or had the chance, and did not respond.
    case noComment = "no-comment"
}

public struct Source: Sendable, Equatable {
    public var url: String?
    public var publisher: String?
    public var title: String?
    public var published: PartialDate?
    /// Verbatim words from the source, never paraphrased.
    public var quote: String?
}

public struct EntitySpec: Sendable, Equatable {
    public var id: String
    public var name: String
    public var aliases: [String]
    public var kind: String { Identifiers.entityKind(id) ?? "" }
}

public struct ReleaseSpec: Sendable, Equatable {
    /// The released model, chip or product (an entity id).
    public var product: String
    public var version: String?
}

public struct BanSpec: Sendable, Equatable {
    /// The ban's own id, so later events can lift it.
    public var id: String
    public var authority: String
    public var targets: [String]
    public var items: [String]
    /// When the ban takes effect, if it differs from `occurred`.
    public var effective: PartialDate?
}

public struct LiftSpec: Sendable, Equatable {
    public var ban: String
    public var scope: Scope
    public var effective: PartialDate?
    public enum Scope: String, Sendable, CaseIterable { case full, partial }
}

public struct Assessment: Sendable, Equatable {
    public var claim: String
    public var status: ClaimStanding
    public var note: String?
}

/// The standing of a claim, as assessed or derived.
public enum ClaimStanding: String, Sendable, CaseIterable {
    case alleged, corroborated, confirmed, disputed, refuted, retracted
}

/// A correction or retraction of an earlier event, which the log never edits.
public struct Amendment: Sendable, Equatable {
    public var event: String
    public var reason: String
    /// Corrections only: the fields that replace the earlier event's.
    public var set: EventPatch?
}

/// Replacement values a correction gives for fields of an earlier event.
public struct EventPatch: Sendable, Equatable {
    public var title: String?
    public var summary: String?
    public var occurred: PartialDate?
    public var certainty: String?
    public var actors: [ActorRef]?
    public var sources: [Source]?
    public var isEmpty: Bool { self == EventPatch() }
    public init(
        title: String? = nil, summary: String? = nil, occurred: PartialDate? = nil, certainty: String? = nil,
        actors: [ActorRef]? = nil, sources: [Source]? = nil
    ) {
        self.title = title
        self.summary = summary
        self.occurred = occurred
        self.certainty = certainty
        self.actors = actors
        self.sources = sources
    }
}
