import AnnalsTestSupport
import Foundation
import Testing

/// Runs the real `annals` binary that `swift test` built next to the test bundle.
enum Annals {
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("annals")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        // Fallback: the package's default build folder.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/annals")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `annals args…` in `directory`, feeding `stdin`, with ANNALS_RECORDER set unless overridden.
    @discardableResult
    static func run(_ args: [String], in directory: URL, stdin: Data? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        var env = ProcessInfo.processInfo.environment
        env["ANNALS_RECORDER"] = "CLI Tests"
        for (k, v) in environment { env[k] = v }
        let (status, out, err) = try runProcess(binary, args, in: directory, stdin: stdin, environment: env)
        return Result(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: err)
    }
}

/// Runs a program to its end: exit status, stdout bytes, stderr text (``ChildProcessRunner/run``:
/// standard input through a pipe, output through files, so a chatty child never blocks).
func runProcess(
    _ executable: URL, _ args: [String], in directory: URL, stdin: Data? = nil,
    environment: [String: String]? = nil
) throws -> (Int32, Data, String) {
    let (status, out, err) = try ChildProcessRunner.run(
        executable.path, args, in: directory.path, stdin: stdin, environment: environment)
    return (status, out, String(decoding: err, as: UTF8.self))
}

/// Runs a system tool (gzip, git, chromium) found on the PATH.
@discardableResult
func tool(_ args: [String], in dir: URL, stdin: Data? = nil) throws -> (Int32, Data, String) {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), args, in: dir, stdin: stdin)
}

/// A fresh directory under the system temporary folder, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("annals-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }

    func write(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }
}

/// A ledger in a temporary directory, with helpers to fingerprint its log.
final class TestLedger {
    let dir: TemporaryDirectory
    var root: URL { dir.url.appendingPathComponent("ledger") }
    var events: URL { root.appendingPathComponent("Events") }

    init() throws {
        dir = try TemporaryDirectory()
        let r = try Annals.run(["init", "ledger"], in: dir.url)
        try #require(r.status == 0, "init failed: \(r.stderr)")
    }

    @discardableResult
    func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Annals.Result {
        try Annals.run(args, in: root, stdin: stdin.map { Data($0.utf8) }, environment: environment)
    }

    /// Every file of Events/ with its bytes: equal fingerprints mean a byte-identical log.
    func fingerprint() throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: events.path) {
            result[name] = try Data(contentsOf: events.appendingPathComponent(name))
        }
        return result
    }

    func segment(_ n: Int = 1) -> URL {
        events.appendingPathComponent(String(format: "%08d.jsonl", n))
    }
}

/// Inputs shared by the CLI tests.
enum Inputs {
    static let source = #""sources":[{"url":"https://example.org/a","publisher":"Example"}]"#

    static func entity(_ id: String, _ name: String, aliases: [String] = []) -> String {
        let a = aliases.isEmpty ? "" : #","aliases":["# + aliases.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        return
            #"{"type":"entity","title":"Registers \#(name)","occurred":"2020","entity":{"id":"\#(id)","name":"\#(name)"\#(a)},\#(source)}"#
    }

    static func announcement(_ n: Int, actor: String = "org:a", date: String = "2025-01-01") -> String {
        #"{"type":"announcement","title":"Announcement \#(n)","occurred":"\#(date)","actors":[{"entity":"\#(actor)","role":"announcer"}],\#(source)}"#
    }

    static let base =
        [entity("org:a", "Alpha Corp", aliases: ["Alpha"]), entity("org:b", "Beta Corp")].joined(separator: "\n") + "\n"
}
