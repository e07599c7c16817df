/// Why a signed note, checkpoint or note key was refused. Malformed input exits with status 65 (badInput); a
/// signature that fails or a note no trusted key signed exits with status 1 (verificationFailed). Line numbers
/// count from 1 in the file or text that was parsed. Private key material never appears in a message.
public enum NoteError: AnnalsFailure, Equatable {
    /// Which kind of key text was refused.
    public enum KeyKind: String, Sendable {
        case verifier = "verifier key"
        case privateKey = "private key"
    }

    /// The note file is larger than `SignedNote.maximumBytes`.
    case tooLarge(bytes: Int)
    /// The bytes at `offset` are not UTF-8.
    case invalidUTF8(offset: Int)
    /// A control character other than newline (`scalar` is its value) on `line`.
    case controlCharacter(line: Int, scalar: UInt32)
    /// There is no text before the signatures (or nothing at all).
    case emptyText
    /// The text or the last signature line does not end with a newline.
    case missingFinalNewline
    /// An empty line ends the file: the blank line that announces signatures is followed by none.
    case missingSignatures(line: Int)
    /// More than `SignedNote.maximumSignatures` signature lines.
    case tooManySignatures(count: Int)
    /// A line after the last empty line is not "— <key name> <base64>".
    case badSignatureLine(line: Int)
    /// A signature line's key name is empty or has a space or a "+".
    case badSignerName(line: Int, name: String)
    /// A signature line's signature is not canonical base64.
    case badSignatureBase64(line: Int, value: String)
    /// A signature line's signature decodes to fewer than 4 bytes (the key ID alone takes 4).
    case signatureTooShort(line: Int, bytes: Int)
    /// A checkpoint text has fewer than three lines (origin, size, root hash).
    case tooFewCheckpointLines(count: Int)
    /// The checkpoint's first line, the origin, is empty.
    case emptyOrigin
    /// The checkpoint's second line is not a tree size (decimal, no sign, no leading zero, at most Int64.max).
    case badTreeSize(String)
    /// The checkpoint's third line is not canonical base64.
    case badRootHash(String)
    /// The checkpoint's root hash decodes to `bytes` bytes instead of 32.
    case badRootHashLength(bytes: Int)
    /// An extension line of the checkpoint (after the root hash) is empty.
    case emptyExtensionLine(line: Int)
    /// A key name is empty or has a space, a control character or a "+".
    case badKeyName(String)
    /// A key text is not "<name>+<key ID>+<base64>" (with "PRIVATE+KEY+" before a private key).
    case malformedKey(KeyKind)
    /// A key text's key ID is not 8 lowercase hex digits.
    case badKeyID(KeyKind, String)
    /// A key text's key material is empty or not canonical base64.
    case badKeyBase64(KeyKind)
    /// A key's type byte is not 0x01 (Ed25519), the only type Annals supports.
    case unsupportedKeyType(KeyKind, UInt8)
    /// A key's Ed25519 public key or seed is `bytes` bytes instead of 32.
    case badKeyLength(KeyKind, bytes: Int)
    /// A key text's key ID is not the one its name and key compute to.
    case keyIDMismatch(KeyKind, name: String, stated: UInt32, computed: UInt32)
    /// Two different trusted keys share the name and key ID of a signature.
    case ambiguousKey(name: String, keyID: UInt32)
    /// A signature by a trusted key does not verify: the note was changed or signed with another key.
    case badSignature(name: String, keyID: UInt32)
    /// No signature is by a trusted key. `signers` are the "name+keyid" of the note's signatures, `trusted`
    /// those of the keys checked against.
    case noTrustedSignature(signers: [String], trusted: [String])

    public var status: ExitStatus {
        switch self {
        case .badSignature, .noTrustedSignature: .verificationFailed
        default: .badInput
        }
    }

    public var description: String {
        signedNoteText ?? checkpointText ?? keyText
    }

    /// The description of a failure of the signed-note format, nil for the others.
    private var signedNoteText: String? {
        switch self {
        case .tooLarge(let bytes):
            "the note is \(bytes) bytes, more than the limit of \(SignedNote.maximumBytes). Fix: pass the note file "
                + "itself, not a log or an archive"
        case .invalidUTF8(let offset):
            "the note is not UTF-8 at byte \(offset). Fix: save the note as UTF-8"
        case .controlCharacter(let line, let scalar):
            "line \(line): control character U+\(Self.hex(scalar, digits: 4).uppercased()) in the note; notes may "
                + "hold no control characters but newline. Fix: remove it (Windows line ends \\r\\n must become \\n)"
        case .emptyText:
            "the note has no text before its signatures. Fix: pass a note that starts with its text"
        case .missingFinalNewline:
            "the note does not end with a newline. Fix: end its text and every signature line with \\n"
        case .missingSignatures(let line):
            "line \(line): the empty line that separates a note's text from its signatures is followed by none. "
                + "Fix: remove the trailing empty line, or add the signature lines"
        case .tooManySignatures(let count):
            "the note has \(count) signature lines, more than the limit of \(SignedNote.maximumSignatures). "
                + "Fix: keep only the signatures that verifiers need"
        case .badSignatureLine(let line):
            "line \(line): every line after the note's last empty line must be a signature line "
                + "\"— <key name> <base64 signature>\". Fix: restore the signature line, or remove the empty line "
                + "if the text goes on"
        case .badSignerName(let line, let name):
            "line \(line): signature key name \(ValidationError.shorten(name)) is empty or has a space or \"+\". "
                + "Fix: restore the signature line as the signer wrote it"
        case .badSignatureBase64(let line, let value):
            "line \(line): signature \(ValidationError.shorten(value)) is not canonical padded base64. "
                + "Fix: restore the signature line as the signer wrote it"
        case .signatureTooShort(let line, let bytes):
            "line \(line): the signature is \(bytes) bytes, too short to hold its 4-byte key ID. "
                + "Fix: restore the signature line as the signer wrote it"
        default: nil
        }
    }

    /// The description of a failure of the checkpoint body, nil for the others.
    private var checkpointText: String? {
        switch self {
        case .tooFewCheckpointLines(let count):
            "the checkpoint has \(count) lines; it needs at least 3 (origin, tree size, root hash). "
                + "Fix: pass a checkpoint file"
        case .emptyOrigin:
            "line 1: the checkpoint's origin is empty. Fix: put the log's origin (e.g. example.com/log) on line 1"
        case .badTreeSize(let value):
            "line 2: tree size \(ValidationError.shorten(value)) is not a decimal number without sign or leading "
                + "zeros up to 9223372036854775807. Fix: write the number of leaves, e.g. 42"
        case .badRootHash(let value):
            "line 3: root hash \(ValidationError.shorten(value)) is not canonical padded base64. "
                + "Fix: write the 32-byte root hash in standard base64, e.g. as the log printed it"
        case .badRootHashLength(let bytes):
            "line 3: the root hash is \(bytes) bytes; a SHA-256 root hash is 32. "
                + "Fix: write the 32-byte root hash in standard base64"
        case .emptyExtensionLine(let line):
            "line \(line): the checkpoint's extension line is empty. Fix: remove the empty line"
        default: nil
        }
    }

    /// The description of a failure of a key or a signature check.
    private var keyText: String {
        switch self {
        case .badKeyName(let name):
            "key name \(ValidationError.shorten(name)) is empty or has a space, a control character or \"+\". "
                + "Fix: choose a name without them, e.g. example.com/annals"
        case .malformedKey(let kind):
            "the \(kind.rawValue) is not " + Self.shape(kind) + ". Fix: pass the key as it was generated"
        case .badKeyID(let kind, let value):
            "the \(kind.rawValue)'s key ID \(ValidationError.shorten(value)) is not 8 lowercase hex digits. "
                + "Fix: pass the key as it was generated"
        case .badKeyBase64(let kind):
            "the \(kind.rawValue)'s key material is missing or not canonical padded base64. "
                + "Fix: pass the key as it was generated"
        case .unsupportedKeyType(let kind, let type):
            "the \(kind.rawValue) has type 0x\(Self.hex(UInt32(type), digits: 2)); only Ed25519 keys (type 0x01) are "
                + "supported. Fix: use an Ed25519 key"
        case .badKeyLength(let kind, let bytes):
            "the \(kind.rawValue)'s Ed25519 \(kind == .verifier ? "public key" : "seed") is \(bytes) bytes, not 32. "
                + "Fix: pass the key as it was generated"
        case .keyIDMismatch(let kind, let name, let stated, let computed):
            "the \(kind.rawValue) for \(ValidationError.shorten(name)) says key ID \(Self.hex(stated, digits: 8)), "
                + "but its name and key give \(Self.hex(computed, digits: 8)). Fix: pass the key as it was generated"
        case .ambiguousKey(let name, let keyID):
            "two different trusted keys are named \(name)+\(Self.hex(keyID, digits: 8)). "
                + "Fix: trust only one of them"
        case .badSignature(let name, let keyID):
            "the signature by trusted key \(name)+\(Self.hex(keyID, digits: 8)) does not verify: the note was changed "
                + "or signed by another key. Fix: get the note again from its signer"
        case .noTrustedSignature(let signers, let trusted):
            "no signature by a trusted key (note signed by " + Self.list(signers) + "; trusted: "
                + Self.list(trusted) + "). Fix: pass the signer's verifier key, or a note it signed"
        default: ""
        }
    }

    private static func shape(_ kind: KeyKind) -> String {
        switch kind {
        case .verifier: "<name>+<8 hex digits>+<base64>"
        case .privateKey: "PRIVATE+KEY+<name>+<8 hex digits>+<base64>"
        }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map(ValidationError.shorten).joined(separator: ", ")
    }

    /// `value` in lowercase hex, zero-padded to `digits`.
    static func hex(_ value: UInt32, digits: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }
}
