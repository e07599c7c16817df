/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, then an empty line and one signature
/// line per signature, "— <key name> base64(4-byte big-endian key ID || signature)".
///
/// Parsing only checks the form; `NoteVerifier.check` decides whether the note is trusted. The text MUST be
/// ignored until it is.
public struct SignedNote: Sendable, Equatable {
    /// One signature line: the signer's key name and key ID, and the signature bytes after the key ID.
    public struct Signature: Sendable, Equatable {
        public var name: String
        public var keyID: UInt32
        /// The signature proper, after the 4-byte key ID (64 bytes for Ed25519).
        public var bytes: [UInt8]

        public init(name: String, keyID: UInt32, bytes: [UInt8]) {
            self.name = name
            self.keyID = keyID
            self.bytes = bytes
        }

        /// The signature line, with its newline.
        public var line: String {
            let id = [UInt8(keyID >> 24), UInt8(keyID >> 16 & 0xFF), UInt8(keyID >> 8 & 0xFF), UInt8(keyID & 0xFF)]
            return "— " + name + " " + Base64.encode(id + bytes) + "\n"
        }
    }

    /// The largest note file accepted, in bytes (1 MiB).
    public static let maximumBytes = 1 << 20
    /// The most signature lines accepted (the spec asks verifiers to accept at least 16).
    public static let maximumSignatures = 100

    /// The note text, with its final newline and without the empty line before the signatures.
    public var text: String
    public var signatures: [Signature]

    /// A note from its parts; `text` should end with a newline and have no control characters but newlines.
    public init(text: String, signatures: [Signature] = []) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a note file: UTF-8 without control characters but newline, the text, and after the file's last
    /// empty line, only signature lines, each ending in a newline.
    ///
    /// A file without any empty line is a note without signatures (`signatures == []`): an unsigned
    /// checkpoint parses, and `NoteVerifier.check` refuses it. A text that has empty lines of its own must be
    /// followed by signatures, since the last empty line starts them.
    public init(parsing bytes: [UInt8]) throws(NoteError) {
        guard bytes.count <= Self.maximumBytes else { throw .tooLarge(bytes: bytes.count) }
        try Self.checkCharacters(bytes)
        guard !bytes.isEmpty else { throw .emptyText }
        let newline = UInt8(ascii: "\n")
        guard let blank = Self.lastEmptyLine(bytes) else {
            guard bytes.last == newline else { throw .missingFinalNewline }
            self.init(text: String(decoding: bytes, as: UTF8.self))
            return
        }
        guard blank > 0 else { throw .emptyText }
        let blankLine = bytes[..<blank].count { $0 == newline } + 1
        let block = bytes[(blank + 1)...]
        guard !block.isEmpty else { throw .missingSignatures(line: blankLine) }
        guard block.last == newline else { throw .missingFinalNewline }
        let count = block.count { $0 == newline }
        guard count <= Self.maximumSignatures else { throw .tooManySignatures(count: count) }
        var signatures: [Signature] = []
        signatures.reserveCapacity(count)
        var start = block.startIndex
        var line = blankLine + 1
        while start < block.endIndex {
            let end = block[start...].firstIndex(of: newline) ?? block.endIndex
            signatures.append(try Self.signature(block[start..<end], line: line))
            start = end + 1
            line += 1
        }
        self.init(text: String(decoding: bytes[..<blank], as: UTF8.self), signatures: signatures)
    }

    /// The file's text: the note text, and if there are signatures, an empty line and the signature lines.
    public var serialized: String {
        guard !signatures.isEmpty else { return text }
        return text + "\n" + signatures.map(\.line).joined()
    }

    /// The offset of the newline that makes the last empty line: one at the start or right after another.
    private static func lastEmptyLine(_ bytes: [UInt8]) -> Int? {
        let newline = UInt8(ascii: "\n")
        var i = bytes.count - 1
        while i >= 0 {
            if bytes[i] == newline && (i == 0 || bytes[i - 1] == newline) { return i }
            i -= 1
        }
        return nil
    }

    /// The prefix of every signature line: an em dash (U+2014) and a space.
    private static let dash: [UInt8] = Array("— ".utf8)

    private static func signature(_ line: ArraySlice<UInt8>, line number: Int) throws(NoteError) -> Signature {
        guard line.starts(with: dash) else { throw .badSignatureLine(line: number) }
        let rest = line.dropFirst(dash.count)
        guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else { throw .badSignatureLine(line: number) }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        guard NoteVerifier.isValidName(name) else { throw .badSignerName(line: number, name: name) }
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        guard let raw = Base64.decode(encoded) else { throw .badSignatureBase64(line: number, value: encoded) }
        guard raw.count >= 4 else { throw .signatureTooShort(line: number, bytes: raw.count) }
        let keyID = UInt32(raw[0]) << 24 | UInt32(raw[1]) << 16 | UInt32(raw[2]) << 8 | UInt32(raw[3])
        return Signature(name: name, keyID: keyID, bytes: Array(raw[4...]))
    }

    /// Throws unless `bytes` are UTF-8 without control characters (below U+0020) other than newline.
    static func checkCharacters(_ bytes: [UInt8]) throws(NoteError) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                } else if scalar.value < 0x20 {
                    throw .controlCharacter(line: line, scalar: scalar.value)
                }
                offset += UTF8.width(scalar)
            case .emptyInput:
                return
            case .error:
                throw .invalidUTF8(offset: offset)
            }
        }
    }

    /// Throws unless `text` has no control characters (below U+0020) other than newline.
    static func checkCharacters(_ text: String) throws(NoteError) {
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
            } else if scalar.value < 0x20 {
                throw .controlCharacter(line: line, scalar: scalar.value)
            }
        }
    }
}
