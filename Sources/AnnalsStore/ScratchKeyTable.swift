import AnnalsCore
import AnnalsSystem

/// A table from texts (in named spaces) to 64-bit values, kept in a ``ScratchFile`` on disk as a
/// ``NameIndex`` scratch table is, so memory stays bounded however many texts it holds: an
/// import's external ids. Texts are keyed by 128 bits of their SHA-256; the first value wins.
public final class ScratchKeyTable {
    private let file: ScratchFile
    private let table: NameIndex

    /// An empty table in a new scratch file in `folder` (the ledger's `.annals/`), sized for
    /// `count` entries, so loading that many never grows it (growing copies the whole table,
    /// and both copies are resident while it does).
    public init(in folder: String, capacityFor count: Int = 0) throws(StoreError) {
        file = try ScratchFile(in: folder, suffix: "keys")
        table = try NameIndex(scratch: file.path, capacityFor: count)
    }

    /// The value of `text` in `space`, if any.
    public func value(of text: String, in space: String) -> Int64? {
        table.seq(of: Self.key(text, space))
    }

    /// Sets `text` in `space` to `value`, unless it has one already.
    public func insert(_ text: String, in space: String, value: Int64) throws(StoreError) {
        try table.insert(Self.key(text, space), seq: value)
    }

    /// How many entries it holds.
    public var count: Int { table.count }

    /// Removes the file.
    public func remove() { file.remove() }

    private static func key(_ text: String, _ space: String) -> NameKey {
        let digest = Digest.sha256(parts: space, text)
        let high = digest.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        let low = digest.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        return NameKey(high: high | 1, low: low)
    }
}
