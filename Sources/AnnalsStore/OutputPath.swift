#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a command may write a file of its own (`replay --out`, `export html --out`): never
/// inside the folders only annals writes (`Events/`, `Snapshots/`, `Checkpoints/`, `.annals/`),
/// with symbolic links resolved first, and never over an existing file unless asked to.
public enum OutputPath {
    /// `path` made absolute with every symbolic link in its existing part resolved; the part
    /// that does not exist yet is normalised as written.
    public static func resolve(_ path: String) -> String {
        let absolute = LedgerLayout.absolute(path)
        var existing = absolute
        var rest: [String] = []
        while true {
            if let real = realPath(existing) {
                return rest.isEmpty ? real : LedgerLayout.absolute((real == "/" ? "" : real) + "/" + rest.joined(separator: "/"))
            }
            if existing == "/" { return absolute }
            let slash = existing.lastIndex(of: "/")!
            rest.insert(String(existing[existing.index(after: slash)...]), at: 0)
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
    }

    /// Refuses `path` when it resolves into one of `layout`'s own folders, and, unless `force`,
    /// when a file exists there. Returns the resolved path.
    @discardableResult
    public static func check(_ path: String, layout: LedgerLayout, force: Bool) throws(StoreError) -> String {
        let resolved = resolve(path)
        for (folder, name) in layout.protectedFolders {
            let real = resolve(folder)
            if resolved == real || resolved.hasPrefix(real + "/") {
                throw .protectedPath(path: path, resolved: resolved, area: name)
            }
        }
        var st = stat()
        if !force && lstat(path, &st) == 0 { throw .outputExists(path: path) }
        return resolved
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
        let tmp = path + ".tmp-\(getpid())"
        do throws(StoreError) {
            let file = try PosixFile(path: tmp, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try file.writeAll(bytes)
            try file.sync()
            guard rename(tmp, path) == 0 else { throw StoreError.io(path: path, operation: "write", errno: errno) }
        } catch {
            unlink(tmp)
            throw error
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
