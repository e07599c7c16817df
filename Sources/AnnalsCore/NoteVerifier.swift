import Crypto

/// An Ed25519 note verifier key (signature type 0x01), written "<name>+<hex key ID>+base64(0x01 || public key)".
/// The key ID is the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key).
public struct NoteVerifier: Sendable, Equatable {
    public let name: String
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// The signature type byte of Ed25519 keys and signatures.
    static let ed25519: UInt8 = 0x01

    /// Parses a verifier key text. Trailing whitespace, such as the newline that ends a key file, is ignored.
    public init(parsing text: String) throws(NoteError) {
        var text = Substring(text)
        while text.last?.isWhitespace == true { text.removeLast() }
        let (name, publicKey) = try Self.parse(text, kind: .verifier)
        try self.init(name: name, publicKey: publicKey)
    }

    /// The verifier for a 32-byte Ed25519 public key under `name`, with its key ID computed.
    public init(name: String, publicKey: [UInt8]) throws(NoteError) {
        guard Self.isValidName(name) else { throw .badKeyName(name) }
        guard publicKey.count == 32 else { throw .badKeyLength(.verifier, bytes: publicKey.count) }
        self.name = name
        self.publicKey = publicKey
        self.keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// A verifier with a stated key ID, unchecked: for tests of key ID collisions.
    init(unchecked name: String, keyID: UInt32, publicKey: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.publicKey = publicKey
    }

    /// The verifier key text.
    public var text: String {
        name + "+" + NoteError.hex(keyID, digits: 8) + "+" + Base64.encode([Self.ed25519] + publicKey)
    }

    /// Whether `signature` is this key's valid signature of `text`'s UTF-8 bytes.
    public func isValid(_ signature: [UInt8], for text: String) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: Array(text.utf8))
    }

    /// Checks `note` against trusted `verifiers` as the signed-note spec says: signatures whose name and key ID
    /// match no verifier are ignored; one that matches must verify, or the note is refused (`.badSignature`);
    /// and at least one must match (`.noTrustedSignature`). Returns the verifiers whose signatures verified,
    /// in the order of their first signature, each once.
    public static func check(_ note: SignedNote, with verifiers: [NoteVerifier]) throws(NoteError) -> [NoteVerifier] {
        var verified: [NoteVerifier] = []
        for signature in note.signatures {
            var matching: [NoteVerifier] = []
            for v in verifiers where v.name == signature.name && v.keyID == signature.keyID && !matching.contains(v) {
                matching.append(v)
            }
            guard let verifier = matching.first else { continue }
            guard matching.count == 1 else { throw .ambiguousKey(name: signature.name, keyID: signature.keyID) }
            guard verifier.isValid(signature.bytes, for: note.text) else {
                throw .badSignature(name: signature.name, keyID: signature.keyID)
            }
            if !verified.contains(verifier) { verified.append(verifier) }
        }
        guard verified.isEmpty else { return verified }
        var signers: [String] = []
        for s in note.signatures {
            let id = s.name + "+" + NoteError.hex(s.keyID, digits: 8)
            if !signers.contains(id) { signers.append(id) }
        }
        throw .noTrustedSignature(
            signers: signers, trusted: verifiers.map { $0.name + "+" + NoteError.hex($0.keyID, digits: 8) })
    }

    /// Whether `name` may name a key: non-empty, without Unicode spaces, control characters or "+".
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { s in
                s != "+" && s.value >= 0x20 && s.value != 0x7F && !s.properties.isWhitespace
            }
    }

    /// The first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key).
    static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        let hash = Digest.sha256(Array(name.utf8) + [0x0A, ed25519] + publicKey)
        return UInt32(hash[0]) << 24 | UInt32(hash[1]) << 16 | UInt32(hash[2]) << 8 | UInt32(hash[3])
    }

    /// Splits "<name>+<hex key ID>+<base64>" and checks it for an Ed25519 key of `kind`: the name, 8 lowercase
    /// hex digits, canonical base64 of 0x01 and 32 bytes, and a key ID that matches the name and the public key
    /// (derived from the seed for a private key). Returns the name and the 32 key bytes (public key or seed).
    static func parse(_ text: Substring, kind: NoteError.KeyKind) throws(NoteError) -> (String, [UInt8]) {
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedKey(kind) }
        let name = String(parts[0])
        guard isValidName(name) else { throw .badKeyName(name) }
        let hex = parts[1]
        let isLowerHex = hex.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        guard hex.utf8.count == 8, isLowerHex, let stated = UInt32(hex, radix: 16) else {
            throw .badKeyID(kind, String(hex))
        }
        guard let raw = Base64.decode(parts[2]), let type = raw.first else { throw .badKeyBase64(kind) }
        guard type == ed25519 else { throw .unsupportedKeyType(kind, type) }
        let key = Array(raw.dropFirst())
        guard key.count == 32 else { throw .badKeyLength(kind, bytes: key.count) }
        let publicKey = kind == .verifier ? key : NoteSigner.publicKey(seed: key)
        let computed = keyID(name: name, publicKey: publicKey)
        guard computed == stated else {
            throw .keyIDMismatch(kind, name: name, stated: stated, computed: computed)
        }
        return (name, key)
    }
}
