/// A C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): the note text that names a log (origin), its tree
/// size, the RFC 6962 Merkle root hash at that size, and optional extension lines.
public struct Checkpoint: Sendable, Equatable {
    /// The log's identity, e.g. "example.com/log"; non-empty, one line.
    public var origin: String
    /// The number of leaves, ≥ 0.
    public var size: Int64
    /// The 32-byte Merkle tree root hash.
    public var root: [UInt8]
    /// Opaque, non-empty lines after the root hash (the spec advises against using them).
    public var extensions: [String]

    /// A checkpoint from its parts; the caller keeps them valid (one-line non-empty origin and extensions,
    /// size ≥ 0, 32-byte root), which `init(text:)` checks on the way in.
    public init(origin: String, size: Int64, root: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// The note text: "origin\nsize\nbase64(root)\n", then each extension line and a newline.
    public var text: String {
        var lines = [origin, String(size), Base64.encode(root)]
        lines += extensions
        return lines.map { $0 + "\n" }.joined()
    }

    /// Parses a note text strictly: a non-empty origin, a tree size in decimal without sign or leading zeros
    /// (unless it is "0") that fits an Int64, a 32-byte root hash in canonical base64, non-empty extension
    /// lines, no control characters but newlines, and a final newline.
    public init(text: String) throws(NoteError) {
        guard !text.isEmpty else { throw .emptyText }
        try SignedNote.checkCharacters(text)
        guard text.hasSuffix("\n") else { throw .missingFinalNewline }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { throw .tooFewCheckpointLines(count: lines.count) }
        guard !lines[0].isEmpty else { throw .emptyOrigin }
        guard let size = Self.treeSize(lines[1]) else { throw .badTreeSize(String(lines[1])) }
        guard let root = Base64.decode(lines[2]) else { throw .badRootHash(String(lines[2])) }
        guard root.count == 32 else { throw .badRootHashLength(bytes: root.count) }
        let extensions = lines.dropFirst(3).map(String.init)
        if let empty = extensions.firstIndex(where: \.isEmpty) { throw .emptyExtensionLine(line: 4 + empty) }
        self.init(origin: String(lines[0]), size: size, root: root, extensions: extensions)
    }

    /// The value of ASCII decimal digits without a leading zero (but "0"), or nil past Int64.max.
    private static func treeSize(_ line: Substring) -> Int64? {
        let digits = Array(line.utf8)
        guard !digits.isEmpty, digits == [UInt8(ascii: "0")] || digits[0] != UInt8(ascii: "0") else { return nil }
        var value: Int64 = 0
        for d in digits {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            let (times10, over1) = value.multipliedReportingOverflow(by: 10)
            let (sum, over2) = times10.addingReportingOverflow(Int64(d - UInt8(ascii: "0")))
            guard !over1, !over2 else { return nil }
            value = sum
        }
        return value
    }
}
