import Crypto

/// An Ed25519 note signing key (signature type 0x01), written "PRIVATE+KEY+<name>+<hex key ID>+base64(0x01 ||
/// 32-byte seed)" as golang.org/x/mod/sumdb/note writes it. Its description names the key but never shows
/// the seed.
public struct NoteSigner: Sendable, CustomStringConvertible {
    public let name: String
    /// The key ID its signatures carry (the verifier's).
    public let keyID: UInt32
    private let seed: [UInt8]
    private let publicKey: [UInt8]

    private static let prefix = "PRIVATE+KEY+"

    /// A new random key under `name` (non-empty, without spaces, control characters or "+").
    public static func generate(name: String) throws(NoteError) -> NoteSigner {
        let key = Curve25519.Signing.PrivateKey()
        return try NoteSigner(name: name, seed: Array(key.rawRepresentation))
    }

    /// The key with a 32-byte Ed25519 seed (RFC 8032 private key) under `name`.
    public init(name: String, seed: [UInt8]) throws(NoteError) {
        guard NoteVerifier.isValidName(name) else { throw .badKeyName(name) }
        guard seed.count == 32 else { throw .badKeyLength(.privateKey, bytes: seed.count) }
        self.name = name
        self.seed = seed
        self.publicKey = Self.publicKey(seed: seed)
        self.keyID = NoteVerifier.keyID(name: name, publicKey: publicKey)
    }

    /// Parses a private key text; its key ID must be the one its name and public key give. Trailing whitespace,
    /// such as the newline that ends a key file, is ignored.
    public init(parsing text: String) throws(NoteError) {
        var text = Substring(text)
        while text.last?.isWhitespace == true { text.removeLast() }
        guard text.hasPrefix(Self.prefix) else { throw .malformedKey(.privateKey) }
        let (name, seed) = try NoteVerifier.parse(text.dropFirst(Self.prefix.count), kind: .privateKey)
        try self.init(name: name, seed: seed)
    }

    /// The private key text. Keep it secret.
    public var privateKeyText: String {
        Self.prefix + name + "+" + NoteError.hex(keyID, digits: 8) + "+"
            + Base64.encode([NoteVerifier.ed25519] + seed)
    }

    /// The matching verifier key.
    public var verifier: NoteVerifier {
        guard let verifier = try? NoteVerifier(name: name, publicKey: publicKey) else {
            fatalError("a signer's name and 32-byte public key make a verifier")
        }
        return verifier
    }

    /// The Ed25519 signature of `text`'s UTF-8 bytes (a note text, ending in a newline), as a signature line's
    /// parts. Ed25519 signing is deterministic: the same key and text give the same signature.
    public func sign(_ text: String) -> SignedNote.Signature {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed),
            let signature = try? key.signature(for: Array(text.utf8))
        else { fatalError("Ed25519 signs any bytes with a 32-byte seed") }
        return SignedNote.Signature(name: name, keyID: keyID, bytes: Array(signature))
    }

    /// Names the key ("NoteSigner(name+keyid)") without its seed, so logging a signer leaks nothing.
    public var description: String { "NoteSigner(\(name)+\(NoteError.hex(keyID, digits: 8)))" }

    /// The Ed25519 public key of a 32-byte seed.
    static func publicKey(seed: [UInt8]) -> [UInt8] {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            fatalError("every 32-byte seed is an Ed25519 private key")
        }
        return Array(key.publicKey.rawRepresentation)
    }
}
