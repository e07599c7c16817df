#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The checkpoints a ledger publishes, in `Checkpoints/NNNNNNNN.checkpoint` (named by tree size,
/// at least 8 digits), each a C2SP signed note. Only `annals checkpoint --save` writes there.
public enum CheckpointFiles {
    /// A saved checkpoint file: its tree size (from its name) and path.
    public struct Entry: Sendable, Equatable {
        public var size: Int64
        public var path: String
    }

    public static func name(size: Int64) -> String {
        let digits = String(size)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".checkpoint"
    }

    /// The saved checkpoints of `layout`, smallest tree first (none when `Checkpoints/` is missing).
    public static func list(_ layout: LedgerLayout) throws(StoreError) -> [Entry] {
        try list(folder: layout.checkpoints)
    }

    /// The `*.checkpoint` files of `folder`, by the size in their names, smallest first.
    public static func list(folder given: String) throws(StoreError) -> [Entry] {
        let folder = given.count > 1 && given.hasSuffix("/") ? String(given.dropLast()) : given
        guard FileSystem.exists(folder) else { return [] }
        var found: [Entry] = []
        for file in try FileSystem.entries(of: folder) where file.hasSuffix(".checkpoint") {
            let stem = file.dropLast(".checkpoint".count)
            guard let size = Int64(stem), size >= 0, name(size: size) == file else {
                throw .unsafePath(
                    path: folder + "/" + file, problem: "a .checkpoint file not named by its tree size (8 digits)")
            }
            found.append(Entry(size: size, path: folder + "/" + file))
        }
        return found.sorted { $0.size < $1.size }
    }

    /// Saves `note` (a checkpoint of `size` records) durably. A checkpoint of that size already
    /// saved with other bytes is kept and refused (`outputExists`) unless `force`.
    @discardableResult
    public static func save(
        _ note: [UInt8], size: Int64, in layout: LedgerLayout, force: Bool = false
    ) throws(StoreError) -> String {
        try layout.checkFolders()
        try makeDirectory(layout.checkpoints)
        let path = layout.checkpoints + "/" + name(size: size)
        if !force, FileSystem.exists(path), (try? FileSystem.read(path)) != note { throw .outputExists(path: path) }
        try FileSystem.writeAtomically(note, to: path, durable: true)
        return path
    }
}
