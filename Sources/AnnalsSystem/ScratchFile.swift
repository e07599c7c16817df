import AnnalsCore
import Glibc

/// A scratch file in a ledger's `.annals/`, written only while its writer holds the ledger's
/// exclusive lock (see ``EventLog/withExclusiveLock(_:)``). It is created exclusively (`O_EXCL`,
/// never reopened) under an unpredictable name, removed when it is let go, on an error, or on
/// SIGINT, SIGTERM or SIGHUP; one left by a killed process is stale by then, and is removed by the
/// next process that takes the exclusive lock (``sweep(in:)``).
public final class ScratchFile {
    /// The prefix of every scratch file's name, which ``sweep(in:)`` removes.
    public static let prefix = "import-"

    public let path: String
    private let file: PosixFile
    /// Bytes written so far.
    public private(set) var size = 0

    /// Creates `folder/import-<random>.<suffix>`, readable and writable by its owner only.
    public init(in folder: String, suffix: String) throws(StoreError) {
        var made: (String, PosixFile)?
        var failure = StoreError.io(path: folder, operation: "create a scratch file in", errno: EEXIST)
        for _ in 0..<8 where made == nil {
            let name = folder + "/" + Self.randomName(suffix: suffix)
            do {
                made = (
                    name, try PosixFile(path: name, flags: [.readWrite, .create, .exclusive, .noFollow], mode: 0o600)
                )
            } catch {
                failure = error
            }
        }
        guard let made else { throw failure }
        (path, file) = made
        ScratchCleanup.register(path)
    }

    deinit { remove() }

    /// Appends `bytes` to the file.
    public func write(_ bytes: [UInt8]) throws(StoreError) {
        try file.writeAll(bytes)
        size += bytes.count
    }

    /// Up to `count` bytes at `offset`.
    public func read(at offset: Int, count: Int) throws(StoreError) -> [UInt8] {
        try file.read(at: offset, count: count)
    }

    /// Removes the file (again harmless).
    public func remove() {
        unlink(path)
        ScratchCleanup.unregister(path)
    }

    /// Removes every scratch file in `folder`: called under the exclusive lock, when none can be live.
    public static func sweep(in folder: String) {
        guard let names = try? FileSystem.entries(of: folder) else { return }
        for name in names where name.hasPrefix(prefix) { unlink(folder + "/" + name) }
    }

    /// A name with 128 random bits, so no other process can guess or plant it beforehand.
    static func randomName(suffix: String) -> String {
        var bits = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
        let hex = withUnsafeBytes(of: &bits) { Digest.hex($0) }
        return prefix + hex + "." + suffix
    }
}

/// The scratch paths to remove if the process is interrupted: a fixed table of C strings that a
/// signal handler can walk without allocating (`unlink` is async-signal-safe).
enum ScratchCleanup {
    static let slots = 16
    nonisolated(unsafe) static var paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(
        capacity: slots)
    nonisolated(unsafe) static var installed = false

    static func register(_ path: String) {
        if !installed {
            installed = true
            paths.initialize(repeating: nil, count: slots)
            for sig in [SIGINT, SIGTERM, SIGHUP] { signal(sig, scratchSignalHandler) }
        }
        for i in 0..<slots where paths[i] == nil {
            paths[i] = strdup(path)
            return
        }
    }

    static func unregister(_ path: String) {
        guard installed else { return }
        for i in 0..<slots {
            guard let p = paths[i], String(cString: p) == path else { continue }
            paths[i] = nil
            free(p)
        }
    }
}

/// Removes the registered scratch files, then dies of the same signal as it would have.
private func scratchSignalHandler(_ sig: Int32) {
    for i in 0..<ScratchCleanup.slots {
        if let p = ScratchCleanup.paths[i] { unlink(p) }
    }
    signal(sig, SIG_DFL)
    raise(sig)
}
