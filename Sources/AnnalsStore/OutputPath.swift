#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command may write a file of its own (`replay --out`, `export html --out`): never
/// inside the folders only annals writes (`Events/`, `Snapshots/`, `Checkpoints/`, `.annals/`),
/// with symbolic links resolved first, and never over an existing file unless asked to.
public enum OutputPath {
    /// `path` made absolute the way the kernel walks it: component by component, each symbolic
    /// link resolved where it stands (so `link/../x` is taken relative to the link's target), and
    /// `..` of a resolved folder going to its real parent. The part that does not exist yet is
    /// normalised as written (it will be created as plain folders).
    public static func resolve(_ path: String) -> String {
        var current = path.hasPrefix("/") ? "/" : (realPath(".") ?? LedgerLayout.absolute("."))
        var existing = true
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                current = LedgerLayout.parent(of: current)
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

    /// Refuses `path` when it resolves into one of `layout`'s own folders or onto one of its own
    /// files (`ledger.json`, the verifier keys), when something other than a regular file is there
    /// (a device, a FIFO, a folder, a symbolic link to one), and, unless `force`, when a file
    /// exists there. Returns the resolved path.
    @discardableResult
    public static func check(_ path: String, layout: LedgerLayout, force: Bool) throws(StoreError) -> String {
        let resolved = try checkPlace(path, layout: layout)
        var st = stat()
        guard stat(resolved, &st) == 0 else {
            // A symbolic link whose target is missing is still something there.
            if !force && lstat(path, &st) == 0 { throw .outputExists(path: path) }
            return resolved
        }
        try checkKind(st.st_mode, path: path, resolved: resolved)
        if !force { throw .outputExists(path: path) }
        return resolved
    }

    /// Refuses a folder to write files into (`export html --out`) inside the ledger's own
    /// folders, or that is something else than a folder. Returns the resolved path.
    @discardableResult
    public static func checkFolder(_ path: String, layout: LedgerLayout) throws(StoreError) -> String {
        let resolved = try checkPlace(path, layout: layout)
        var st = stat()
        if stat(resolved, &st) == 0 && (st.st_mode & S_IFMT) != S_IFDIR {
            throw .notRegularFile(path: path, kind: kind(st.st_mode), expected: "a folder")
        }
        return resolved
    }

    /// Writes `bytes` to the output file `path` (checked with ``check(_:layout:force:)``) through
    /// a temporary file renamed over it; the target is checked again at the moment of the rename,
    /// so a device, FIFO, folder or symbolic link put there meanwhile is refused, not replaced.
    public static func write(_ bytes: [UInt8], to path: String, layout: LedgerLayout) throws(StoreError) {
        let resolved = try check(path, layout: layout, force: true)
        try FileSystem.writeAtomically(bytes, to: resolved, durable: true) { () throws(StoreError) in
            try checkTarget(resolved, shown: path)
        }
    }

    /// Refuses, just before a file is renamed onto `path`, anything there but a regular file
    /// (a symbolic link included: `path` is already resolved). Nothing there is fine.
    public static func checkTarget(_ path: String, shown: String) throws(StoreError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        try checkKind(st.st_mode, path: shown, resolved: path)
    }

    /// `path` resolved, refused inside `layout`'s own folders or onto its own files.
    private static func checkPlace(_ path: String, layout: LedgerLayout) throws(StoreError) -> String {
        let resolved = resolve(path)
        for (folder, name) in layout.protectedFolders {
            let real = resolve(folder)
            if resolved == real || resolved.hasPrefix(real + "/") {
                throw .protectedPath(path: path, resolved: resolved, area: name)
            }
        }
        for (file, name) in layout.protectedFiles where resolved == resolve(file) {
            throw .ledgerFile(path: path, name: name)
        }
        return resolved
    }

    private static func checkKind(_ mode: mode_t, path: String, resolved: String) throws(StoreError) {
        if (mode & S_IFMT) != S_IFREG {
            throw .notRegularFile(path: path, kind: kind(mode), expected: "a regular file")
        }
    }

    /// What a file of `mode` is, in words.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a folder"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        case S_IFREG: "a regular file"
        default: "not a regular file"
        }
    }

    /// Refuses (exit 73, with the system's reason) a folder in which no file can be created, before
    /// any long work is done for a file that could not be written.
    public static func checkWritable(folderOf path: String) throws(StoreError) {
        let probe = LedgerLayout.parent(of: path) + "/.annals-probe-\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        close(fd)
        unlink(probe)
    }

    /// Creates `path` and any missing parents (`mkdir -p`); a file in the way is ENOTDIR.
    public static func makeDirectories(_ path: String) throws(StoreError) {
        let absolute = LedgerLayout.absolute(path)
        var current = ""
        for part in absolute.split(separator: "/") {
            current += "/" + part
            var st = stat()
            if stat(current, &st) == 0 {
                guard (st.st_mode & S_IFMT) == S_IFDIR else {
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
