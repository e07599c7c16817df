import Annals
import AnnalsCore
import AnnalsTestSupport
import Foundation

/// One event of a city's water dispute, as the tests write it and as they compute what the
/// ledger must answer about it.
struct WaterEvent: Sendable {
    var type: String
    var title: String
    var occurred: String
    var actor: String
    var subject: String
    /// The claim this event takes a stance on, and the stance.
    var claim: (id: String, stance: String)?
    /// The ban this event imposes (a ban) or lifts in full (a ban-lifted).
    var ban: String?

    var json: String {
        var fields = [
            #""type":"\#(type)""#, #""title":"\#(title)""#, #""occurred":"\#(occurred)""#,
            #""actors":[{"entity":"\#(actor)","role":"actor"},{"entity":"\#(subject)","role":"subject"}]"#,
            #""sources":[{"url":"https://example.org/water/\#(title.count)-\#(occurred)","publisher":"River Gazette"}]"#,
        ]
        if let claim {
            fields.append(#""claims":[{"id":"\#(claim.id)","stance":"\#(claim.stance)","statement":"S \#(claim.id)"}]"#)
        }
        if type == "ban", let ban {
            fields.append(#""ban":{"id":"\#(ban)","authority":"\#(actor)","targets":["\#(subject)"]}"#)
        }
        if type == "ban-lifted", let ban { fields.append(#""lifts":{"ban":"\#(ban)","scope":"full"}"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// A scratch ledger holding a city's water dispute: a utility, a council, a farmers' cooperative
/// and a residents' group; accusations and denials about the reservoir, a ban on drawing from
/// the river and its lifting. Removed when the value goes away.
final class WaterLedger {
    static let entities = [
        ("org:city-water", "City Water Utility"), ("gov:river-council", "River Council"),
        ("org:farmers-coop", "Valley Farmers Cooperative"), ("org:residents", "Residents for Clean Water"),
    ]

    static let story: [WaterEvent] = [
        WaterEvent(
            type: "accusation", title: "Residents say the reservoir is contaminated", occurred: "2024-03-02",
            actor: "org:residents", subject: "org:city-water", claim: ("claim:reservoir-contaminated", "asserts")),
        WaterEvent(
            type: "response", title: "The utility denies contamination", occurred: "2024-03-05",
            actor: "org:city-water", subject: "org:residents", claim: ("claim:reservoir-contaminated", "denies")),
        WaterEvent(
            type: "ban", title: "Council bans the cooperative from drawing river water", occurred: "2024-05-10",
            actor: "gov:river-council", subject: "org:farmers-coop", ban: "ban:river-draw"),
        WaterEvent(
            type: "report", title: "Lab report finds nitrates above the limit", occurred: "2024-06-20",
            actor: "org:residents", subject: "org:city-water", claim: ("claim:reservoir-contaminated", "reports")),
        WaterEvent(
            type: "accusation", title: "The cooperative says the council overdraws", occurred: "2024-07-01",
            actor: "org:farmers-coop", subject: "gov:river-council", claim: ("claim:council-overdraws", "asserts")),
        WaterEvent(
            type: "announcement", title: "The utility announces a new filter plant", occurred: "2024-09-15",
            actor: "org:city-water", subject: "gov:river-council"),
        WaterEvent(
            type: "ban-lifted", title: "Council lifts the river ban", occurred: "2024-11-30",
            actor: "gov:river-council", subject: "org:farmers-coop", ban: "ban:river-draw"),
        WaterEvent(
            type: "response", title: "The council denies overdrawing", occurred: "2025-01-12",
            actor: "gov:river-council", subject: "org:farmers-coop", claim: ("claim:council-overdraws", "denies")),
    ]

    static var entityLines: [String] {
        entities.map { id, name in
            #"{"type":"entity","title":"Registers \#(id)","occurred":"2020","entity":{"id":"\#(id)","name":"\#(name)"},"#
                + #""sources":[{"url":"https://example.org/registry/\#(id)","publisher":"City Registry"}]}"#
        }
    }

    static var lines: [String] { entityLines + story.map(\.json) }

    let folder = ScratchFolder("annals-facade")
    let ledger: Ledger
    var path: String { folder.url.path }

    /// An empty ledger with origin `example.org/water` (nothing appended).
    init() throws {
        (ledger, _) = try Ledger.initialize(at: folder.url.path, origin: "example.org/water")
    }

    /// Appends the entities and the story as one batch of JSON Lines.
    @discardableResult
    func appendStory(dryRun: Bool = false) throws -> AppendOutcome {
        try ledger.append(input: Array(Self.lines.joined(separator: "\n").utf8), recorder: "Water Desk", dryRun: dryRun)
    }

    /// A path outside the ledger's folders, for exports and copies.
    func outside(_ name: String) -> String {
        folder.url.deletingLastPathComponent().path + "/" + folder.url.lastPathComponent + "-out/" + name
    }

    /// Every byte of the ledger's own files (Events/, Checkpoints/, ledger.json), by path.
    func fingerprint() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.url
        for top in ["Events", "Checkpoints"] {
            let dir = root.appendingPathComponent(top)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
                files[top + "/" + name] = try Data(contentsOf: dir.appendingPathComponent(name))
            }
        }
        files["ledger.json"] = try? Data(contentsOf: root.appendingPathComponent("ledger.json"))
        return files
    }

    deinit { try? FileManager.default.removeItem(atPath: outside("")) }
}
