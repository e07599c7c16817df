import Foundation
import Testing

/// Output paths (`--out` of export and replay, paths read from ledger.json): annals writes only
/// regular files outside the ledger's own files, and refuses everything else with 73, even
/// with --force, leaving the ledger and the target as they were.
@Suite("Hostile output paths")
struct HostileOutputPathTests {
    /// A target to set up in the test folder: a label and how to make it (returns the --out path).
    static let targets: [String] = [
        "ledger.json", "./ledger.json", "verifier-keys.txt", "/dev/null", "link to /dev/null", "link to ledger.json",
        "fifo", "folder", "Events/out.json", "Checkpoints/out.json", ".annals/out.db", "Snapshots/out.json",
    ]

    static let commands: [[String]] = [
        ["export", "timelinejs", "--force", "--out"], ["export", "jsonld", "--force", "--out"],
        ["replay", "--force", "--out"],
    ]

    /// Makes `target` in `ledger`'s folder and returns the path to give as --out.
    static func prepare(_ target: String, in ledger: TestLedger) throws -> String {
        let dir = ledger.dir.url.path
        switch target {
        case "verifier-keys.txt":
            let key = try HostilePathFixture.key(ledger)
            try Data((key.verifier + "\n").utf8).write(to: ledger.root.appendingPathComponent(target))
            return target
        case "link to /dev/null":
            try FileManager.default.createSymbolicLink(atPath: dir + "/null-link", withDestinationPath: "/dev/null")
            return dir + "/null-link"
        case "link to ledger.json":
            try FileManager.default.createSymbolicLink(
                atPath: dir + "/config-link", withDestinationPath: ledger.root.path + "/ledger.json")
            return dir + "/config-link"
        case "fifo":
            try #require(mkfifo(dir + "/fifo", 0o600) == 0)
            return dir + "/fifo"
        case "folder":
            try FileManager.default.createDirectory(atPath: dir + "/folder", withIntermediateDirectories: false)
            return dir + "/folder"
        case "Checkpoints/out.json":
            try #require(ledger.run(["checkpoint", "--save"]).status == 0)
            return target
        default:
            return target
        }
    }

    @Test(arguments: targets, commands)
    func refusedWithForce(_ target: String, _ command: [String]) throws {
        let ledger = try HostilePathFixture.ledger()
        let out = try Self.prepare(target, in: ledger)
        let absolute = out.hasPrefix("/") ? out : ledger.root.path + "/" + out
        let kind = HostilePathFixture.kind(absolute)
        let before = try HostilePathFixture.bytes(of: ledger)
        let r = try ledger.run(command + [out])
        #expect(r.status == 73, "\(target) \(command): \(r.stdout)\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "annals: error:").count == 2, "one message: \(r.stderr)")
        #expect(r.stderr.contains("refusing"), "\(r.stderr)")
        #expect(try HostilePathFixture.bytes(of: ledger) == before, "\(target): the ledger changed")
        #expect(HostilePathFixture.kind(absolute) == kind, "\(target) is no longer a \(kind)")
        if target.contains("/dev/null") { #expect(HostilePathFixture.kind("/dev/null") == "char") }
        #expect(try ledger.run(["verify"]).status == 0)
    }

    /// The control: a regular file outside the ledger is replaced with --force, and refused without.
    @Test(arguments: commands)
    func aRegularFileIsReplacedOnlyWithForce(_ command: [String]) throws {
        let ledger = try HostilePathFixture.ledger()
        let file = ledger.dir.url.appendingPathComponent("old.out")
        let first = try ledger.run(command.filter { $0 != "--force" } + [file.path])
        #expect(first.status == 0, "\(first.stderr)")
        let written = try Data(contentsOf: file)
        let withoutForce = try ledger.run(command.filter { $0 != "--force" } + [file.path])
        #expect(withoutForce.status == 73, "\(withoutForce.stderr)")
        #expect(try Data(contentsOf: file) == written)
        let r = try ledger.run(command + [file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(HostilePathFixture.kind(file.path) == "file")
    }

    /// Folders to write into (`export html`, `export feed`): a device or a file there is refused.
    @Test(arguments: ["/dev/null", "a file", "Events", ".annals"], [["export", "html"], ["export", "feed"]])
    func outputFoldersMustBeFolders(_ target: String, _ command: [String]) throws {
        let ledger = try HostilePathFixture.ledger()
        let out = target == "a file" ? try ledger.dir.write("plain", "x").path : target
        let before = try HostilePathFixture.bytes(of: ledger)
        let r = try ledger.run(command + ["--out", out, "--force"])
        #expect(r.status == 73, "\(target) \(command): \(r.stderr)")
        #expect(try HostilePathFixture.bytes(of: ledger) == before)
        #expect(HostilePathFixture.kind("/dev/null") == "char")
    }

    /// ledger.json's "archive" may not send captures into the ledger's own folders or files; it is
    /// refused when read, naming the key, before anything is fetched or written.
    @Test(arguments: [
        "Events", "./Events/warc", ".annals", "Checkpoints", "Snapshots", "ledger.json", ".", "link to Events",
    ])
    func archiveInsideTheLedgersOwnFoldersIsRefused(_ archive: String) throws {
        let ledger = try HostilePathFixture.ledger()
        let local =
            #"{"type":"announcement","title":"Hearing minutes","occurred":"2024-05-01","#
            + #""actors":[{"entity":"org:farmers","role":"announcer"}],"#
            + #""sources":[{"url":"http://127.0.0.1:9/minutes","publisher":"Local"}]}"#
        try #require(ledger.run(["append", "--file", "-"], stdin: local + "\n").status == 0)
        var setting = archive
        if archive == "link to Events" {
            try FileManager.default.createSymbolicLink(
                atPath: ledger.root.path + "/Archive", withDestinationPath: ledger.root.path + "/Events")
            setting = "Archive"
        }
        let config = #"{"archive":"\#(setting)","origin":"\#(HostilePathFixture.origin)"}"# + "\n"
        try Data(config.utf8).write(to: ledger.root.appendingPathComponent("ledger.json"))
        let before = try HostilePathFixture.bytes(of: ledger)
        let r = try ledger.run(["sources", "capture", "http://127.0.0.1:9/minutes"])
        #expect(r.status == 73, "\(archive): \(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("\"archive\""), "names the key: \(r.stderr)")
        #expect(r.stderr.contains("Fix:"), "\(r.stderr)")
        #expect(try HostilePathFixture.bytes(of: ledger) == before)
        let eventsNow = try FileManager.default.contentsOfDirectory(atPath: ledger.events.path)
        #expect(!eventsNow.contains { $0.hasSuffix(".warc.gz") || $0 == ".gitignore" }, "\(eventsNow)")
    }
}
