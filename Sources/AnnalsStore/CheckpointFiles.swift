import AnnalsCore
import AnnalsSystem

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

    /// The tree size a file's name gives (`00000093.checkpoint`: 93), or nil for another name.
    public static func size(named path: String) -> Int64? {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard file.hasSuffix(".checkpoint"), let size = Int64(file.dropLast(".checkpoint".count)), size >= 0,
            name(size: size) == file
        else { return nil }
        return size
    }

    /// Saves `note` (a checkpoint of `size` records) durably as a new file. A saved checkpoint is
    /// never replaced: one already there with the same bytes is kept as it is; otherwise it is
    /// refused (`checkpointExists`), unless `addSignatures`, which adds the note's signature lines
    /// to it when both notes' bodies are byte-identical (another body: `checkpointDiffers`).
    @discardableResult
    public static func save(
        _ note: SignedNote, size: Int64, in layout: LedgerLayout, addSignatures: Bool = false
    ) throws(StoreError) -> String {
        try layout.checkFolders()
        try FileSystem.makeDirectory(layout.checkpoints)
        let path = layout.checkpoints + "/" + name(size: size)
        let bytes = Array(note.serialized.utf8)
        guard let kind = FileSystem.kind(of: path, followingLinks: false) else {
            try FileSystem.createExclusively(bytes, at: path, mode: 0o644)
            return path
        }
        guard kind == .regular else {
            throw .inputRefused(
                path: path, problem: "it is not a regular file", fix: "remove it; Checkpoints/ holds only files")
        }
        let saved: [UInt8]
        do { saved = try InputFile.read(path, cap: .checkpoint) } catch {
            throw .io(path: path, operation: "read", errno: error.errno)
        }
        if saved == bytes { return path }
        guard addSignatures else { throw .checkpointExists(path: path) }
        guard let old = try? SignedNote(parsing: saved) else {
            throw .inputRefused(
                path: path, problem: "it is not a signed note", fix: "restore Checkpoints/ from git")
        }
        guard old.text.utf8.elementsEqual(note.text.utf8) else { throw .checkpointDiffers(path: path) }
        var merged = old
        for signature in note.signatures where !merged.signatures.contains(signature) {
            merged.signatures.append(signature)
        }
        let mergedBytes = Array(merged.serialized.utf8)
        if mergedBytes != saved { try FileSystem.writeAtomically(mergedBytes, to: path, durable: true) }
        return path
    }
}
