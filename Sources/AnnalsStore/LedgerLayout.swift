import AnnalsSystem

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
            if FileSystem.isDirectory(dir + (dir == "/" ? "" : "/") + "Events") {
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
        guard FileSystem.isDirectory(layout.events) else { throw .notALedger(searchedFrom: layout.root) }
        try layout.checkFolders()
        return layout
    }

    /// Creates `Events/`, `Snapshots/` and `.annals/` under `path` (which may exist and be empty of a ledger).
    public static func create(at path: String) throws(StoreError) -> LedgerLayout {
        let layout = LedgerLayout(root: absolute(path))
        if FileSystem.isDirectory(layout.events) { throw .alreadyALedger(path: layout.root) }
        try FileSystem.makeDirectory(layout.root)
        try FileSystem.makeDirectory(layout.events)
        try FileSystem.makeDirectory(layout.snapshots)
        try FileSystem.makeDirectory(layout.state)
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
            guard let kind = FileSystem.kind(of: path, followingLinks: false) else {
                if required { throw .notALedger(searchedFrom: root) }
                continue
            }
            switch kind {
            case .directory: continue
            case .symbolicLink: throw .notARealFolder(path: root + "/" + name, problem: "is a symbolic link")
            default: throw .notARealFolder(path: root + "/" + name, problem: "is not a directory")
            }
        }
    }

    /// Creates `.annals/` if it is missing (a fresh clone has none).
    func ensureStateDirectory() throws(StoreError) {
        try FileSystem.makeDirectory(state)
    }

    /// `path` made absolute and normalised as written (see ``FilePath/absolute(_:)``).
    public static func absolute(_ path: String) -> String {
        FilePath.absolute(path)
    }

    /// The folder holding `dir` (see ``FilePath/parent(of:)``).
    public static func parent(of dir: String) -> String {
        FilePath.parent(of: dir)
    }
}
