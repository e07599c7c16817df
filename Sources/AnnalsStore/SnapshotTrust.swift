import AnnalsCore
import AnnalsSystem

/// The snapshot files this clone made or proved row by row against its log, by the SHA-256 of
/// their bytes, in `.annals/snapshots.verified`. A snapshot's Merkle root ties it to a history,
/// not its rows to the log: `restore` loads at once only a file listed here, and proves any
/// other first (a snapshot from a pull, or edited with a recomputed digest).
public enum SnapshotTrust {
    /// SHA-256 of the file's bytes, read in 1 MiB pieces.
    public static func digest(ofFile path: String) throws(StoreError) -> String {
        let file = try PosixFile(path: path, flags: .readOnly)
        var hasher = StreamingDigest()
        var offset = 0
        while true {
            let chunk = try file.read(at: offset, count: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(chunk)
            offset += chunk.count
        }
        return hasher.finalizeHex()
    }

    /// Whether a file with this digest was made or proved in this clone.
    public static func isVerified(_ digest: String, in layout: LedgerLayout) -> Bool {
        guard let bytes = try? FileSystem.read(path(layout)) else { return false }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").contains { $0.hasPrefix(digest + " ") }
    }

    /// Lists a file as made or proved here (keeping the newest 1,000 entries).
    public static func record(_ digest: String, name: String, in layout: LedgerLayout) throws(StoreError) {
        guard !isVerified(digest, in: layout) else { return }
        try layout.ensureStateDirectory()
        let old = (try? FileSystem.read(path(layout))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = old.split(separator: "\n").suffix(999).map(String.init) + ["\(digest) \(name)"]
        try FileSystem.writeAtomically(Array((lines.joined(separator: "\n") + "\n").utf8), to: path(layout))
    }

    private static func path(_ layout: LedgerLayout) -> String { layout.state + "/snapshots.verified" }
}
