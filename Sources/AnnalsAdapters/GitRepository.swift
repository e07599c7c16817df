import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation

/// The git repository holding a ledger: runs git, and reads `Events/` as it is at a revision.
public struct GitRepository {
    /// The work tree's root, symlinks resolved.
    public let top: String
    /// The ledger's `Events/` folder, relative to `top`.
    public let events: String

    public init(top: String, events: String) {
        self.top = top
        self.events = events
    }

    /// The repository around `layout`'s `Events/`.
    public init(holding layout: LedgerLayout) throws {
        let root = try Self.run(["rev-parse", "--show-toplevel"], in: layout.root)
        let top = URL(fileURLWithPath: root.trimmingCharacters(in: .whitespacesAndNewlines)).resolvingSymlinksInPath()
            .path
        let events = URL(fileURLWithPath: layout.events).resolvingSymlinksInPath().path
        guard events.hasPrefix(top + "/") else {
            throw GitError(message: "the ledger's Events/ (\(events)) is not inside the git repository \(top)")
        }
        self.init(top: top, events: String(events.dropFirst(top.count + 1)))
    }

    public func run(_ args: [String]) throws -> String { try Self.run(args, in: top) }

    /// The commit `revision` names, or nil when it names none.
    public func commit(_ revision: String) -> String? {
        guard let out = try? run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]) else { return nil }
        let sha = out.trimmingCharacters(in: .whitespacesAndNewlines)
        return sha.isEmpty ? nil : sha
    }

    /// The best common ancestor of two commits, or nil for unrelated histories.
    public func mergeBase(_ a: String, _ b: String) -> String? {
        guard let out = try? run(["merge-base", a, b]) else { return nil }
        let sha = out.trimmingCharacters(in: .whitespacesAndNewlines)
        return sha.isEmpty ? nil : sha
    }

    /// The first parent of a commit, or nil for a root commit.
    public func parent(_ commit: String) -> String? { self.commit(commit + "^1") }

    /// `git status` of the paths under `Events/`: (index column, work-tree column, path).
    public func eventsStatus() throws -> [(index: Character, worktree: Character, path: String)] {
        try run(["status", "--porcelain", "-z", "--untracked-files=all", "--", events]).split(separator: "\0")
            .compactMap { entry in
                guard entry.count > 3 else { return nil }
                let chars = Array(entry)
                return (chars[0], chars[1], String(chars[3...]))
            }
    }

    /// The path of a file in the repository's git directory (e.g. `MERGE_HEAD`).
    public func gitPath(_ name: String) throws -> String {
        let path = try run(["rev-parse", "--git-path", name]).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? path : top + "/" + path
    }

    /// The segment files of `Events/` at `revision`: file name → blob id.
    public func tree(at revision: String) throws -> [String: String] {
        guard commit(revision) != nil else { throw GitError(message: "'\(revision)' is not a commit in \(top)") }
        let entry = try run(["ls-tree", "-z", revision, "--", events])
        if !entry.isEmpty && !entry.contains(" tree ") {
            throw GitError(message: "\(events) at \(revision) is not a folder of segments")
        }
        var out: [String: String] = [:]
        // "<mode> <type> <blob>\t<path>\0" per entry; -z leaves paths unquoted
        for entry in try run(["ls-tree", "-z", revision, events + "/"]).split(separator: "\0") {
            guard let tab = entry.firstIndex(of: "\t") else { continue }
            let fields = entry[..<tab].split(separator: " ")
            let name = String(entry[entry.index(after: tab)...].split(separator: "/").last ?? "")
            guard fields.count == 3, fields[1] == "blob", name.hasSuffix(".jsonl") else { continue }
            out[name] = String(fields[2])
        }
        return out
    }

    /// The blob id git gives a file's bytes (no filters: segments are stored as they are).
    public func blobID(of paths: [String]) throws -> [String] {
        guard !paths.isEmpty else { return [] }
        return try run(["hash-object", "--no-filters", "--"] + paths).split(separator: "\n").map(String.init)
    }

    /// Writes a new ledger in `dir` whose `Events/` holds the given blobs and copies of the given
    /// files (by segment name), streaming each one to disk, and returns its log.
    public func ledger(blobs: [String: String], files: [String: String] = [:], at dir: String) throws -> EventLog {
        let layout = try LedgerLayout.create(at: dir)
        for (name, blob) in blobs where files[name] == nil {
            try Self.run(["cat-file", "blob", blob], in: top, outputFile: layout.events + "/" + name)
        }
        for (name, path) in files {
            try FileSystem.copy(path, to: layout.events + "/" + name)
        }
        return EventLog(layout: layout)
    }

    /// The files of the ledger's `folder` (e.g. `Snapshots`) that `head` adds (`A`), modifies
    /// (`M`) or deletes (`D`) against `base`: (status, file name), by name.
    public func changes(in folder: String, base: String, head: String) throws -> [(status: Character, name: String)] {
        let prefix = String(events.dropLast("Events".count)) + folder + "/"
        let output = try run(["diff", "--name-status", "--no-renames", "-z", base, head, "--", prefix])
        let fields = output.split(separator: "\0").map(String.init)
        var found: [(Character, String)] = []
        for i in stride(from: 0, to: fields.count - 1, by: 2) where fields[i + 1].hasPrefix(prefix) {
            let name = String(fields[i + 1].dropFirst(prefix.count))
            if !name.contains("/"), let status = fields[i].first { found.append((status, name)) }
        }
        return found.sorted { $0.1 < $1.1 }
    }

    /// Writes the file `folder/name` of the ledger as it is at `revision` to `target`.
    public func materialize(_ folder: String, _ name: String, revision: String, to target: String) throws {
        let path = String(events.dropLast("Events".count)) + folder + "/" + name
        try Self.run(["show", "\(revision):\(path)"], in: top, outputFile: target)
    }

    /// Writes `Events/` as it is at `revision` into a new ledger in `dir` and returns its log.
    public func materialize(revision: String, into dir: String) throws -> EventLog {
        try ledger(blobs: try tree(at: revision), at: dir)
    }

    /// Runs `git -C dir args` and returns what it prints (or writes it to `outputFile`).
    @discardableResult
    public static func run(_ args: [String], in dir: String, outputFile: String? = nil) throws -> String {
        let result = try runGit(["-C", dir] + args, outputFile: outputFile)
        guard result.succeeded else {
            let command = "'git \(args.joined(separator: " "))'"
            let message = result.errorText
            if !message.isEmpty { throw GitError(message: "\(command) failed: \(message)") }
            if result.status > 0 && result.status < 128 {
                throw GitError(message: "\(command) failed (is \(args.last ?? "") a revision?)")
            }
            throw GitError(message: "\(command) failed (\(result.ending))")
        }
        return String(decoding: result.output, as: UTF8.self)
    }

    private static func runGit(_ args: [String], outputFile: String?) throws -> ChildProcess.Result {
        let outcome = Result { () throws(StoreError) in try ChildProcess.run(["git"] + args, outputFile: outputFile) }
        if case .failure(.io(_, "run", ENOENT)) = outcome {
            throw GitError(message: "cannot run git: it is not on PATH; is it installed?")
        }
        return try outcome.get()
    }
}
