#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a ledger keeps its files: `Events/` (the log, the only truth), `Snapshots/`, and the
/// git-ignored `.annals/` for derived state (lock, name index, projection database).
public struct LedgerLayout: Sendable {
    public let root: String
    public var events: String { root + "/Events" }
    public var snapshots: String { root + "/Snapshots" }
    public var state: String { root + "/.annals" }
    public var lockFile: String { state + "/lock" }
    public var nameIndex: String { state + "/names.idx" }
    /// The rollback journal of the append in progress (see ``AppendJournal``).
    var journal: String { state + "/journal" }
    /// The names the append in progress defines (a scratch table, removed when it ends).
    var batchNames: String { state + "/batch-names.idx" }
    /// The fingerprint of `Events/` as the name index last saw it.
    public var nameIndexFingerprint: String { state + "/names.seal" }

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// The nearest directory at or above `start` that has an `Events/` directory, like git.
    public static func discover(from start: String) throws(StoreError) -> LedgerLayout {
        var dir = absolute(start)
        while true {
            if isDirectory(dir + (dir == "/" ? "" : "/") + "Events") {
                let layout = LedgerLayout(root: dir)
                try layout.checkFolders()
                return layout
            }
            if dir == "/" || dir.isEmpty { throw .notALedger(searchedFrom: absolute(start)) }
            dir = parent(of: dir)
        }
    }

    /// An explicit `--ledger PATH`, which must hold `Events/`.
    public static func at(_ path: String) throws(StoreError) -> LedgerLayout {
        let layout = LedgerLayout(root: absolute(path))
        guard isDirectory(layout.events) else { throw .notALedger(searchedFrom: layout.root) }
        try layout.checkFolders()
        return layout
    }

    /// Creates `Events/`, `Snapshots/` and `.annals/` under `path` (which may exist and be empty of a ledger).
    public static func create(at path: String) throws(StoreError) -> LedgerLayout {
        let layout = LedgerLayout(root: absolute(path))
        if isDirectory(layout.events) { throw .alreadyALedger(path: layout.root) }
        try makeDirectory(layout.root)
        try makeDirectory(layout.events)
        try makeDirectory(layout.snapshots)
        try makeDirectory(layout.state)
        try PosixFile.syncDirectory(layout.root)
        return layout
    }

    /// The ledger's settings (its origin), committed with the log.
    public var config: String { root + "/ledger.json" }
    /// The Merkle tree over the log (derived; see ``MerkleStore``).
    var tree: String { state + "/tree" }

    /// The optional folder of signed checkpoints (reserved: only annals writes there).
    public var checkpoints: String { root + "/Checkpoints" }

    /// The verifier keys a ledger publishes for its checkpoints (optional).
    public var verifierKeys: String { root + "/verifier-keys.txt" }

    /// The ledger's own files at its root, never an output: its settings and verifier keys.
    public var protectedFiles: [(path: String, name: String)] {
        [(config, "ledger.json"), (verifierKeys, "verifier-keys.txt")]
    }

    /// The folders only annals itself writes, for refusing output paths inside them.
    public var protectedFolders: [(path: String, name: String)] {
        [(events, "Events/"), (snapshots, "Snapshots/"), (checkpoints, "Checkpoints/"), (state, ".annals/")]
    }

    /// `Events/` must be a real directory, and `Snapshots/` and `.annals/` real directories when
    /// they exist: through a symbolic link, appends and snapshots would land in another folder.
    func checkFolders() throws(StoreError) {
        for (path, name, required) in [
            (events, "Events/", true), (snapshots, "Snapshots/", false), (state, ".annals/", false),
            (checkpoints, "Checkpoints/", false),
        ] {
            var st = stat()
            guard lstat(path, &st) == 0 else {
                if required { throw .notALedger(searchedFrom: root) }
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: continue
            case S_IFLNK: throw .notARealFolder(path: root + "/" + name, problem: "is a symbolic link")
            default: throw .notARealFolder(path: root + "/" + name, problem: "is not a directory")
            }
        }
    }

    /// Creates `.annals/` if it is missing (a fresh clone has none).
    func ensureStateDirectory() throws(StoreError) {
        try makeDirectory(state)
    }

    public static func absolute(_ path: String) -> String {
        var p = path
        if !p.hasPrefix("/") {
            p = ((try? FileSystem.currentDirectory()) ?? ".") + "/" + p
        }
        var parts: [Substring] = []
        for part in p.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    public static func parent(of dir: String) -> String {
        guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { return "/" }
        return String(dir[..<slash])
    }
}
