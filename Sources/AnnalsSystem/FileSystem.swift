import Glibc

/// The file operations Annals needs beyond one open file (``PosixFile``), in POSIX calls: each
/// retries on EINTR where the call can be interrupted, and each failure is a
/// ``StoreError/io(path:operation:errno:)`` naming the path and the system's reason, which the
/// CLI maps to a documented exit status (never the "internal error" a stray Foundation error
/// would become).
public enum FileSystem {
    /// Whether something exists at `path` (following symlinks).
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Whether `path` is a directory (following symlinks).
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the folder `path` (its parent must exist); one that exists already is fine.
    public static func makeDirectory(_ path: String) throws(StoreError) {
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw .io(path: path, operation: "create directory", errno: errno)
        }
    }

    /// Whether `path` can be opened for reading.
    public static func isReadable(_ path: String) -> Bool {
        access(path, R_OK) == 0
    }

    /// The size in bytes of the file at `path`.
    public static func size(of path: String) throws(StoreError) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .io(path: path, operation: "read the size of", errno: errno) }
        return Int(st.st_size)
    }

    /// The first `count` bytes of the file at `path` (fewer if it is shorter).
    public static func readPrefix(of path: String, count: Int) throws(StoreError) -> [UInt8] {
        try PosixFile(path: path, flags: .readOnly).read(at: 0, count: count)
    }

    /// The whole file at `path`.
    public static func read(_ path: String) throws(StoreError) -> [UInt8] {
        let file = try PosixFile(path: path, flags: .readOnly)
        return try file.read(at: 0, count: try file.size())
    }

    /// Replaces the file at `path` with `bytes` in one rename (readers see the old or the new
    /// file, never a mix); with `durable`, the bytes and the rename are fsynced first. The
    /// temporary file is always a new one (never a file or link left at its name) with `mode`.
    /// `beforeRename` runs just before the rename (to refuse a target that changed meanwhile).
    public static func writeAtomically(
        _ bytes: [UInt8], to path: String, mode: UInt32 = 0o644, durable: Bool = false,
        beforeRename: () throws(StoreError) -> Void = {}
    ) throws(StoreError) {
        let temporary = try writeTemporary(bytes, for: path, mode: mode, durable: durable)
        do { try beforeRename() } catch {
            unlink(temporary)
            throw error
        }
        if durable {
            try replace(path, withTemporary: temporary, synced: true)
        } else {
            try rename(temporary, over: path)
        }
    }

    /// Puts the finished file `temporary` in the place of `path` in one rename, durably: the file
    /// is fsynced (unless `synced` says it was), renamed, then its folder is fsynced, so after a
    /// crash `path` holds the old file or the whole new one. On failure `temporary` is removed
    /// and `path` is left as it was. Every durable replace-by-rename in Annals goes through here
    /// (derived files that may be lost in a crash use ``writeAtomically(_:to:mode:durable:beforeRename:)``).
    public static func replace(
        _ path: String, withTemporary temporary: String, synced: Bool = false, operation: String = "write"
    ) throws(StoreError) {
        if !synced {
            do throws(StoreError) {
                try PosixFile(path: temporary, flags: .readOnly).sync()
            } catch {
                unlink(temporary)
                throw error
            }
        }
        try rename(temporary, over: path, operation: operation)
        try PosixFile.syncDirectory(FilePath.parent(of: FilePath.absolute(path)))
    }

    /// Renames `temporary` over `path`, removing `temporary` when that fails.
    private static func rename(
        _ temporary: String, over path: String, operation: String = "write"
    ) throws(StoreError) {
        guard Glibc.rename(temporary, path) == 0 else {
            let failure = errno
            unlink(temporary)
            throw .io(path: path, operation: operation, errno: failure)
        }
    }

    /// Writes a file that must be new (a private key): its bytes go to a new temporary file with
    /// `mode`, fsynced, which is then hard-linked into place, so a file that appeared at `path`
    /// meanwhile is never replaced (`outputExists`) and a link there is never followed.
    public static func createExclusively(_ bytes: [UInt8], at path: String, mode: UInt32) throws(StoreError) {
        let temporary = try writeTemporary(bytes, for: path, mode: mode, durable: true)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { throw .outputExists(path: path) }
            throw .io(path: path, operation: "create", errno: errno)
        }
        try PosixFile.syncDirectory(FilePath.parent(of: FilePath.absolute(path)))
    }

    /// A new file next to `path` holding `bytes`, with exactly `mode`; returns its path.
    private static func writeTemporary(
        _ bytes: [UInt8], for path: String, mode: UInt32, durable: Bool
    ) throws(StoreError) -> String {
        let temporary = TemporaryPath.unique(path + ".tmp")
        unlink(temporary)  // a file or link left by a crashed process of the same pid
        do throws(StoreError) {
            let file = try PosixFile(path: temporary, flags: [.writeOnly, .create, .exclusive, .noFollow], mode: mode)
            guard fchmod(file.fd, mode) == 0 else {
                throw StoreError.io(path: temporary, operation: "chmod", errno: errno)
            }
            try file.writeAll(bytes)
            if durable { try file.sync() }
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Removes the file at `path`; a missing file is not an error.
    public static func remove(_ path: String) throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .io(path: path, operation: "remove", errno: errno) }
    }

    /// Removes `path` and everything under it (`rm -rf`), without following symlinks; for
    /// scratch folders Annals made itself. Failures are ignored: what is left is only litter.
    public static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            for name in (try? entries(of: path)) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// The names in the folder at `path`, without `.` and `..`, unsorted.
    public static func entries(of path: String) throws(StoreError) -> [String] {
        guard let dir = opendir(path) else { throw .io(path: path, operation: "list", errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Copies the file at `source` to a new file at `target` (replacing one that is there),
    /// streaming it in 1 MiB pieces. The source is opened first: a missing one leaves `target` as
    /// it was.
    public static func copy(_ source: String, to target: String) throws(StoreError) {
        let input = try PosixFile(path: source, flags: .readOnly)
        try append(input, to: PosixFile(path: target, flags: [.writeOnly, .create, .truncate]))
    }

    /// Replaces the file at `target` with a copy of `source`, atomically: the copy is written
    /// and fsynced beside `target`, then renamed over it, so `target` is the old file or the
    /// whole new one, never part of one.
    public static func replace(_ target: String, withCopyOf source: String) throws(StoreError) {
        let input = try PosixFile(path: source, flags: .readOnly)
        let temporary = TemporaryPath.unique(target + ".annals")
        do throws(StoreError) {
            let output = try PosixFile(path: temporary, flags: [.writeOnly, .create, .truncate])
            try append(input, to: output)
            try output.sync()
        } catch {
            unlink(temporary)
            throw error
        }
        try replace(target, withTemporary: temporary, synced: true)
    }

    /// Writes the whole file at `source` to `output` where it stands, in 1 MiB pieces.
    public static func append(contentsOf source: String, to output: PosixFile) throws(StoreError) {
        try append(PosixFile(path: source, flags: .readOnly), to: output)
    }

    private static func append(_ input: PosixFile, to output: PosixFile) throws(StoreError) {
        var offset = 0
        while true {
            let piece = try input.read(at: offset, count: 1 << 20)
            if piece.isEmpty { return }
            try output.writeAll(piece)
            offset += piece.count
        }
    }

    /// Whether the files at `a` and `b` hold the same bytes.
    public static func contentsEqual(_ a: String, _ b: String) throws(StoreError) -> Bool {
        let first = try PosixFile(path: a, flags: .readOnly)
        let second = try PosixFile(path: b, flags: .readOnly)
        guard try first.size() == second.size() else { return false }
        var offset = 0
        while true {
            let x = try first.read(at: offset, count: 1 << 20)
            let y = try second.read(at: offset, count: 1 << 20)
            guard x == y else { return false }
            if x.isEmpty { return true }
            offset += x.count
        }
    }

    /// Creates `path` and any missing parents (`mkdir -p`).
    public static func createDirectories(_ path: String) throws(StoreError) {
        try OutputPath.makeDirectories(path)
    }

    /// The process's working directory.
    public static func currentDirectory() throws(StoreError) -> String {
        guard let p = getcwd(nil, 0) else {
            throw .io(path: ".", operation: "read the working directory", errno: errno)
        }
        defer { free(p) }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: strlen(p)), as: UTF8.self)
    }

    /// Makes a new, private folder under `$TMPDIR` (or `/tmp`) named for `purpose`.
    public static func makeTemporaryDirectory(_ purpose: String) throws(StoreError) -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/annals-\(purpose)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        guard made else { throw .io(path: base, operation: "create a folder in", errno: errno) }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
