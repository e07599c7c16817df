import Foundation
import Testing

/// A small ledger of a city's water dispute, and the tools the hostile path tests share.
enum HostilePathFixture {
    static let origin = "example.org/water-dispute"

    static func entity(_ id: String, _ name: String) -> String {
        #"{"type":"entity","title":"Registers \#(name)","occurred":"2019","entity":{"id":"\#(id)","name":"\#(name)"},"#
            + #""sources":[{"url":"https://water.example.org/registry","publisher":"City Clerk"}]}"#
    }

    static func hearing(_ n: Int) -> String {
        #"{"type":"announcement","title":"Water board hearing \#(n)","occurred":"2024-03-\#(10 + n % 18)","#
            + #""actors":[{"entity":"org:water-board","role":"announcer"}],"#
            + #""sources":[{"url":"https://water.example.org/hearings/\#(n)","publisher":"Riverside Courier"}]}"#
    }

    /// A ledger with the two parties and `hearings` announcements, origin ``origin``.
    static func ledger(hearings: Int = 5) throws -> TestLedger {
        let ledger = try TestLedger()
        try #require(ledger.run(["init", "--origin", origin]).status == 0)
        let lines =
            [entity("org:water-board", "Riverside Water Board"), entity("org:farmers", "Valley Farmers Union")]
            + (1...hearings).map(hearing)
        let r = try ledger.run(["append", "--file", "-"], stdin: lines.joined(separator: "\n") + "\n")
        try #require(r.status == 0, "\(r.stderr)")
        return ledger
    }

    /// A signing key outside the ledger and any git work tree, and its verifier key.
    static func key(_ ledger: TestLedger, file: String = "board.key") throws -> (path: String, verifier: String) {
        let path = ledger.dir.url.appendingPathComponent(file).path
        let r = try ledger.run(["keygen", "--name", origin, "--out", path])
        try #require(r.status == 0, "\(r.stderr)")
        return (path, r.stdout.trimmingCharacters(in: .newlines))
    }

    /// Every file of the ledger's own folders and files, with its bytes (ledger.json,
    /// verifier-keys.txt, Events/, Checkpoints/, Snapshots/): equal means nothing was touched.
    static func bytes(of ledger: TestLedger) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let fm = FileManager.default
        for name in ["ledger.json", "verifier-keys.txt"] {
            let file = ledger.root.appendingPathComponent(name)
            if fm.fileExists(atPath: file.path) { result[name] = try Data(contentsOf: file) }
        }
        for folder in ["Events", "Checkpoints", "Snapshots"] {
            let dir = ledger.root.appendingPathComponent(folder)
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
                // Regular files only: a symbolic link (to a device, a huge file) is recorded, not followed.
                let file = dir.appendingPathComponent(name)
                switch kind(file.path) {
                case "file": result[folder + "/" + name] = try Data(contentsOf: file)
                case "link":
                    result[folder + "/" + name] = Data(
                        try fm.destinationOfSymbolicLink(atPath: file.path).utf8)
                default: continue
                }
            }
        }
        return result
    }

    /// A sparse file of `size` bytes (costs no disk), like `truncate -s`.
    static func sparse(_ url: URL, size: UInt64 = 1 << 30) throws -> URL {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
        return url
    }

    /// Runs `annals` through `bash -c`, so the command can use process substitution `<(…)`;
    /// `$ANNALS` is the binary.
    static func bash(_ script: String, in dir: URL) throws -> Annals.Result {
        var env = ProcessInfo.processInfo.environment
        env["ANNALS"] = Annals.binary.path
        env["ANNALS_RECORDER"] = "CLI Tests"
        let (status, out, err) = try runProcess(
            URL(fileURLWithPath: "/bin/bash"), ["-c", script], in: dir, environment: env)
        return Annals.Result(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: err)
    }

    /// The kind of file at `path` (not following a final symlink): "file", "char", "fifo", "dir", "link".
    static func kind(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "none" }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return "file"
        case S_IFCHR: return "char"
        case S_IFIFO: return "fifo"
        case S_IFDIR: return "dir"
        case S_IFLNK: return "link"
        default: return "other"
        }
    }
}
