/// The kinds of event the log records; each may carry one specific part besides the common fields.
public enum EventType: String, Sendable, CaseIterable, Hashable {
    case entity, release, announcement, ban
    case banLifted = "ban-lifted"
    case accusation, report, response
    case claimStatus = "claim-status"
    case correction, retraction
    /// A cited page fetched and archived (see ``CaptureSpec``).
    case capture

    /// The field holding this type's own part, if it has one, as a plain key (no copy on the decoding path).
    var specificFieldKey: StaticString? {
        switch self {
        case .entity: "entity"
        case .release: "release"
        case .ban: "ban"
        case .banLifted: "lifts"
        case .claimStatus: "assessment"
        case .correction, .retraction: "amends"
        case .capture: "capture"
        case .announcement, .accusation, .report, .response: nil
        }
    }

    /// ``specificFieldKey`` as a `String`, for messages and sets.
    var specificField: String? { specificFieldKey.map(\.description) }

    /// Types whose events take no stance on claims.
    var takesStances: Bool {
        switch self {
        case .entity, .claimStatus, .correction, .retraction, .capture: false
        default: true
        }
    }

    /// Types whose events need at least one actor.
    var needsActors: Bool {
        switch self {
        case .release, .announcement, .accusation, .response: true
        default: false
        }
    }

    /// Types whose events must name the claim they concern.
    var needsClaims: Bool {
        switch self {
        case .accusation, .report, .response: true
        default: false
        }
    }

    /// "a" or "an", for messages.
    var article: String { rawValue.first.map { "aeiou".contains($0) } == true ? "an" : "a" }
}
