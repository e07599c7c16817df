import Glibc

/// Where a command may write a file of its own (`replay --out`, `export html --out`): never
/// inside the folders only annals writes (`Events/`, `Snapshots/`, `Checkpoints/`, `.annals/`),
/// with symbolic links resolved first, and never over an existing file unless asked to.
public enum OutputPath {
    /// `path` made absolute the way the kernel walks it: component by component, each symbolic
    /// link resolved where it stands (so `link/../x` is taken relative to the link's target), and
    /// `..` of a resolved folder going to its real parent. The part that does not exist yet is
    /// normalised as written (it will be created as plain folders).
    public static func resolve(_ path: String) -> String {
        var current = path.hasPrefix("/") ? "/" : (realPath(".") ?? FilePath.absolute("."))
        var existing = true
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                current = FilePath.parent(of: current)
                continue
            }
            let next = (current == "/" ? "" : current) + "/" + part
            if existing, let real = realPath(next) {
                current = real
            } else {
                existing = false
                current = next
            }
        }
        return current
    }

    /// The folders and files no output may land in or on, each with its name for messages
    /// (a ledger's `Events/`, `ledger.json`…).
    public struct Protected: Sendable {
        public var folders: [(path: String, name: String)]
        public var files: [(path: String, name: String)]

        public init(folders: [(path: String, name: String)], files: [(path: String, name: String)]) {
            self.folders = folders
            self.files = files
        }
    }

    /// Refuses `path` when it resolves into one of the `protected` folders or onto one of its
    /// files, when something other than a regular file is there
    /// (a device, a FIFO, a folder, a symbolic link to one), and, unless `force`, when a file
    /// exists there. Returns the resolved path.
    @discardableResult
    public static func check(_ path: String, protected: Protected, force: Bool) throws(StoreError) -> String {
        let resolved = try checkPlace(path, protected: protected)
        guard let kind = FileSystem.kind(of: resolved) else {
            // A symbolic link whose target is missing is still something there.
            if !force && FileSystem.kind(of: path, followingLinks: false) != nil { throw .outputExists(path: path) }
            return resolved
        }
        try checkKind(kind, path: path, resolved: resolved)
        if !force { throw .outputExists(path: path) }
        return resolved
    }

    /// Refuses a folder to write files into (`export html --out`) inside the `protected` folders,
    /// or that is something else than a folder. Returns the resolved path.
    @discardableResult
    public static func checkFolder(_ path: String, protected: Protected) throws(StoreError) -> String {
        let resolved = try checkPlace(path, protected: protected)
        if let kind = FileSystem.kind(of: resolved), kind != .directory {
            throw .notRegularFile(path: path, kind: kind.words, expected: "a folder")
        }
        return resolved
    }

    /// Writes `bytes` to the output file `path` (checked with ``check(_:layout:force:)``) through
    /// a temporary file renamed over it; the target is checked again at the moment of the rename,
    /// so a device, FIFO, folder or symbolic link put there meanwhile is refused, not replaced.
    public static func write(_ bytes: [UInt8], to path: String, protected: Protected) throws(StoreError) {
        let resolved = try check(path, protected: protected, force: true)
        try FileSystem.writeAtomically(bytes, to: resolved, durable: true) { () throws(StoreError) in
            try checkTarget(resolved, shown: path)
        }
    }

    /// Refuses, just before a file is renamed onto `path`, anything there but a regular file
    /// (a symbolic link included: `path` is already resolved). Nothing there is fine.
    public static func checkTarget(_ path: String, shown: String) throws(StoreError) {
        guard let kind = FileSystem.kind(of: path, followingLinks: false) else { return }
        try checkKind(kind, path: shown, resolved: path)
    }

    /// `path` resolved, refused inside the `protected` folders or onto its files.
    private static func checkPlace(_ path: String, protected: Protected) throws(StoreError) -> String {
        let resolved = resolve(path)
        for (folder, name) in protected.folders {
            let real = resolve(folder)
            if resolved == real || resolved.hasPrefix(real + "/") {
                throw .protectedPath(path: path, resolved: resolved, area: name)
            }
        }
        for (file, name) in protected.files where resolved == resolve(file) {
            throw .ledgerFile(path: path, name: name)
        }
        return resolved
    }

    private static func checkKind(_ kind: FileKind, path: String, resolved: String) throws(StoreError) {
        if kind != .regular {
            throw .notRegularFile(path: path, kind: kind.words, expected: "a regular file")
        }
    }

    /// Refuses (exit 73, with the system's reason) a folder in which no file can be created, before
    /// any long work is done for a file that could not be written.
    public static func checkWritable(folderOf path: String) throws(StoreError) {
        let probe = TemporaryPath.unique(FilePath.parent(of: path) + "/.annals-probe")
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        close(fd)
        unlink(probe)
    }

    /// Creates `path` and any missing parents (`mkdir -p`); a file in the way is ENOTDIR.
    public static func makeDirectories(_ path: String) throws(StoreError) {
        let absolute = FilePath.absolute(path)
        var current = ""
        for part in absolute.split(separator: "/") {
            current += "/" + part
            if let kind = FileSystem.kind(of: current) {
                guard kind == .directory else {
                    throw .io(path: current, operation: "create directory", errno: ENOTDIR)
                }
                continue
            }
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw .io(path: current, operation: "create directory", errno: errno)
            }
        }
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder, fsynced and renamed
    /// over it: a reader sees the old file or the new one, never half of one.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(StoreError) {
        try FileSystem.writeAtomically(bytes, to: path, durable: true)
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
