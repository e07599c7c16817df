import AnnalsCore
import AnnalsSystem

/// The rollback journal that makes a batch atomic: before the first byte of a batch reaches a
/// segment, `.annals/journal` is armed (fsynced) with where the log ended; once every byte of the
/// batch is fsynced, it is disarmed (fsynced). Disarming is the commit: a batch whose journal is
/// still armed was never acknowledged, and the next command to take the ledger's lock cuts the
/// segment back to where the journal says it ended (as SQLite does with a hot journal).
///
/// The file is kept and rewritten in place, one small `pwrite` at offset 0 followed by
/// `fdatasync`, so arming and disarming cost no directory sync. A journal that cannot be read
/// (a torn write) counts as disarmed: a torn arm happened before any batch byte was written, a
/// torn disarm after all of them were durable.
struct AppendJournal {
    /// Where the log ended when the batch began.
    struct Mark: Equatable {
        /// The segment the batch writes into.
        var segment: String
        /// Its size before the batch; the batch created it when `created`.
        var offset: Int
        var created: Bool
        /// The last record before the batch (0 and the genesis hash for an empty log).
        var seq: Int64
        var hash: String
    }

    static let magic = "annals journal 1"
    let path: String
    private var file: PosixFile?

    init(path: String) { self.path = path }

    /// The batch an armed journal describes, or nil when it is disarmed, missing or unreadable.
    static func armed(at path: String) -> Mark? {
        guard let file = try? PosixFile(path: path, flags: .readOnly), let bytes = try? file.read(at: 0, count: 512)
        else { return nil }
        return parse(bytes)
    }

    /// Records `mark` durably; call before writing any byte of the batch.
    mutating func arm(_ mark: Mark) throws(StoreError) {
        let text =
            "\(mark.segment) \(mark.offset) \(mark.created ? 1 : 0) \(mark.seq) \(mark.hash)"
        try write(Self.magic + " armed " + text + " " + Self.check(text) + "\n")
    }

    /// Marks the batch committed, durably.
    mutating func disarm() throws(StoreError) {
        try write(Self.magic + " clean\n")
    }

    private mutating func write(_ text: String) throws(StoreError) {
        if file == nil {
            let existed = FileSystem.exists(path)
            file = try PosixFile(path: path, flags: [.readWrite, .create])
            if !existed { try PosixFile.syncDirectory(LedgerLayout.parent(of: path)) }
        }
        let line = Array(text.utf8)
        // Padded to a fixed size, so a shorter state fully overwrites a longer one.
        let block = line + [UInt8](repeating: 0x20, count: max(0, 256 - line.count))
        guard let file else { return }
        try file.write(block, at: 0)
        try file.dataSync()
    }

    static func parse(_ bytes: [UInt8]) -> Mark? {
        let text = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
        let prefix = magic + " armed "
        guard text.hasPrefix(prefix) else { return nil }
        let fields = text.dropFirst(prefix.count).split(separator: " ").map(String.init)
        guard fields.count == 6, Self.check(fields[0..<5].joined(separator: " ")) == fields[5],
            Segment.isName(fields[0]), let offset = Int(fields[1]), offset >= 0, let seq = Int64(fields[3]),
            Digest.isHex64(fields[4])
        else { return nil }
        return Mark(segment: fields[0], offset: offset, created: fields[2] == "1", seq: seq, hash: fields[4])
    }

    /// A short checksum of the fields, so a torn or garbled journal is never taken for an armed one.
    private static func check(_ text: String) -> String {
        String(Digest.sha256Hex(Array(text.utf8)).prefix(16))
    }
}
