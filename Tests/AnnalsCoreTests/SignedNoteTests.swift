import Foundation
import Testing

@testable import AnnalsCore

/// A call that must be refused, the error it must throw, and the exit status that error carries.
struct RefusedNoteInput: Sendable, CustomTestStringConvertible {
    let label: String
    let error: NoteError
    let status: AnnalsCore.ExitStatus
    let run: @Sendable () throws -> Void

    init(
        _ label: String, _ error: NoteError, _ status: AnnalsCore.ExitStatus,
        _ run: @escaping @Sendable () throws -> Void
    ) {
        self.label = label
        self.error = error
        self.status = status
        self.run = run
    }

    var testDescription: String { label }
}

@Suite("Signed notes and note keys (c2sp.org/signed-note)")
struct SignedNoteTests {
    // The example of c2sp.org/signed-note.
    static let specKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let specNote =
        "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZ"
        + "XsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

    // golang.org/x/mod/sumdb/note's note_test.go: a private key, its verifier key, and notes signed with them.
    static let peterPrivate = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let peterKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let enochKey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
    static let goText =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let peterLine =
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    static let enochLine =
        "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"

    static func parse(_ text: String) throws(NoteError) -> SignedNote { try SignedNote(parsing: Array(text.utf8)) }

    static func verifier(_ text: String) throws(NoteError) -> NoteVerifier { try NoteVerifier(parsing: text) }

    @Test func specExampleVerifies() throws {
        let note = try Self.parse(Self.specNote)
        let key = try Self.verifier(Self.specKey)
        #expect(key.name == "example.com/foo")
        #expect(key.keyID == 0x530d_903a)
        #expect(key.text == Self.specKey)
        #expect(note.text == "This is an example message.\n")
        #expect(note.signatures.map(\.name) == ["example.com/foo"])
        #expect(note.signatures[0].keyID == 0x530d_903a)
        #expect(note.signatures[0].bytes.count == 64)
        #expect(try NoteVerifier.check(note, with: [key]) == [key])
        #expect(note.serialized == Self.specNote)
    }

    @Test func textMayHoldEmptyLinesBeforeTheLastOne() throws {
        let file =
            "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n"
            + "— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0x"
            + "McXxj99ihAQwaqP3ZekRwNtIc=\n"
        let note = try Self.parse(file)
        #expect(
            note.text == "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n")
        #expect(note.signatures.map(\.name) == ["quasimodo.example/salvatore"])
        #expect(note.serialized == file)
    }

    @Test func goPrivateKeyGivesItsVerifierKey() throws {
        let signer = try NoteSigner(parsing: Self.peterPrivate + "\n")
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == 0xc74f_20a3)
        #expect(signer.verifier.text == Self.peterKey)
        #expect(signer.privateKeyText == Self.peterPrivate)
        #expect(try Self.verifier(Self.peterKey + "\n") == signer.verifier)
    }

    @Test func goSignedNoteVerifiesAndSigningRoundTrips() throws {
        let signer = try NoteSigner(parsing: Self.peterPrivate)
        let signature = signer.sign(Self.goText)
        let note = SignedNote(text: Self.goText, signatures: [signature])
        #expect(try NoteVerifier.check(try Self.parse(note.serialized), with: [signer.verifier]) == [signer.verifier])
        let golden = try Self.parse(Self.goText + "\n" + Self.peterLine)
        #expect(try NoteVerifier.check(golden, with: [try Self.verifier(Self.peterKey)]).count == 1)
        // Ed25519 is deterministic (RFC 8032), and swift-crypto signs with BoringSSL off Apple platforms: the
        // signature is Go's byte for byte. CryptoKit, used on Apple platforms, adds randomness.
        #if !canImport(Darwin)
            #expect(note.serialized == Self.goText + "\n" + Self.peterLine)
            #expect(signer.sign(Self.goText) == signature)
        #endif
    }

    @Test func unknownSignaturesAreIgnoredAndKnownOnesAllChecked() throws {
        let peter = try Self.verifier(Self.peterKey)
        let enoch = try Self.verifier(Self.enochKey)
        let note = try Self.parse(Self.goText + "\n" + Self.peterLine + Self.enochLine)
        #expect(try NoteVerifier.check(note, with: [peter]) == [peter])
        #expect(try NoteVerifier.check(note, with: [enoch, peter, enoch]) == [peter, enoch])
        #expect(
            throws: NoteError.noTrustedSignature(signers: ["PeterNeumann+c74f20a3", "EnochRoot+af0cfe78"], trusted: [])
        ) {
            try NoteVerifier.check(note, with: [])
        }
        // A signature whose name matches but key ID differs is someone else's: ignored, not a failure.
        var other = note
        other.signatures[0].keyID ^= 1
        other.signatures[0].bytes[0] ^= 1
        #expect(try NoteVerifier.check(other, with: [peter, enoch]) == [enoch])
        // A second, bad signature by a trusted key refuses the note even after a good one.
        var twice = note
        twice.signatures.append(note.signatures[0])
        twice.signatures[2].bytes[63] ^= 0x80
        #expect(throws: NoteError.badSignature(name: "PeterNeumann", keyID: 0xc74f_20a3)) {
            try NoteVerifier.check(twice, with: [peter])
        }
    }

    @Test func generatedKeysSignAndVerify() throws {
        let signer = try NoteSigner.generate(name: "example.com/annals")
        let again = try NoteSigner(parsing: signer.privateKeyText)
        #expect(again.verifier == signer.verifier)
        let verifier = try Self.verifier(signer.verifier.text)
        #expect(verifier == signer.verifier)
        let text = "Annals test\n\nwith an empty line\n"
        let file = SignedNote(text: text, signatures: [signer.sign(text)]).serialized
        let note = try Self.parse(file)
        #expect(note.text == text)
        #expect(try NoteVerifier.check(note, with: [verifier]) == [verifier])
        var changed = note
        changed.text = "Annals test\n\nwith an empty line!\n"
        #expect(throws: NoteError.badSignature(name: "example.com/annals", keyID: signer.keyID)) {
            try NoteVerifier.check(changed, with: [verifier])
        }
        #expect(try NoteSigner.generate(name: "example.com/annals").verifier != verifier)
    }

    @Test func signerDescriptionHidesTheSeed() throws {
        let signer = try NoteSigner(parsing: Self.peterPrivate)
        let seed = String(Self.peterPrivate.split(separator: "+", maxSplits: 4).last!)
        #expect("\(signer)" == "NoteSigner(PeterNeumann+c74f20a3)")
        #expect(!String(reflecting: signer).contains(seed))
        let wrongID = Self.peterPrivate.replacingOccurrences(of: "c74f20a3", with: "c74f20a4")
        #expect(throws: NoteError.self) { try NoteSigner(parsing: wrongID) }
        do {
            _ = try NoteSigner(parsing: wrongID)
        } catch {
            #expect(!error.description.contains(seed))
        }
    }

    @Test func acceptsTheSignatureLimitAndNoMore() throws {
        let hundred = Self.goText + "\n" + String(repeating: Self.peterLine, count: 100)
        #expect(try Self.parse(hundred).signatures.count == 100)
        #expect(throws: NoteError.tooManySignatures(count: 101)) { try Self.parse(hundred + Self.peterLine) }
    }

    /// Go's test: every proper substring and every one-byte change of a key text is refused.
    @Test(arguments: [peterKey, "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"])
    func refusesEveryManglingOfAKey(_ key: String) {
        func parse(_ text: String) -> Bool {
            if key.hasPrefix("PRIVATE") { return (try? NoteSigner(parsing: text)) != nil }
            return (try? NoteVerifier(parsing: text)) != nil
        }
        #expect(parse(key))
        let bytes = Array(key.utf8)
        var accepted: [String] = []
        for i in 0...bytes.count {
            for j in (i + 1)..<(bytes.count + 1) where i != 0 || j != bytes.count {
                let s = String(decoding: bytes[i..<j], as: UTF8.self)
                if parse(s) { accepted.append(s) }
            }
        }
        for i in bytes.indices {
            var changed = bytes
            changed[i] += 1
            let s = String(decoding: changed, as: UTF8.self)
            if parse(s) { accepted.append(s) }
        }
        #expect(accepted == [])
    }

    @Test(
        arguments: [
            ("", [UInt8]()), ("AA==", [0]), ("AAA=", [0, 0]), ("AAAA", [0, 0, 0]), ("/w==", [255]),
            ("+/8=", [0xFB, 0xFF]), ("Zm9vYmFy", Array("foobar".utf8)),
        ])
    func base64RoundTrips(_ text: String, _ bytes: [UInt8]) {
        #expect(Base64.decode(text) == bytes)
        #expect(Base64.encode(bytes) == text)
    }

    @Test(arguments: [
        "AB==", "AAB=", "A===", "AA=A", "=AAA", "AA==AA==", "AA", "AAA", " AA=", "AA==\n", "AA-_", "Zm9v\nYmFy",
    ])
    func base64RefusesNonCanonicalText(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func base64RoundTripsEveryLength() {
        var generator = SystemRandomNumberGenerator()
        for n in 0..<70 {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
    }

    static let flipped = peterLine.replacingOccurrences(of: "x08go/", with: "x08go+")
    static let type2Key = "example.com/ecdsa+00000000+" + Base64.encode([0x02] + [UInt8](repeating: 7, count: 32))

    static let refused: [RefusedNoteInput] = [
        .init("empty file", .emptyText, .badInput) { _ = try parse("") },
        .init("invalid UTF-8", .invalidUTF8(offset: 3), .badInput) {
            _ = try SignedNote(parsing: [0x61, 0x62, 0x0A, 0xFF, 0x0A])
        },
        .init("bell in the text", .controlCharacter(line: 2, scalar: 7), .badInput) { _ = try parse("a\nb\u{7}\n") },
        .init("Windows line ends", .controlCharacter(line: 1, scalar: 13), .badInput) {
            _ = try parse("a\r\n\r\n" + peterLine)
        },
        .init("no final newline", .missingFinalNewline, .badInput) { _ = try parse("a\nb") },
        .init("signature without final newline", .missingFinalNewline, .badInput) {
            _ = try parse(goText + "\n" + peterLine.dropLast())
        },
        .init("empty line and no signature", .missingSignatures(line: 3), .badInput) { _ = try parse(goText + "\n") },
        .init("only signatures", .emptyText, .badInput) { _ = try parse("\n" + peterLine) },
        .init("signature line without em dash", .badSignatureLine(line: 4), .badInput) {
            _ = try parse(goText + "\n- " + peterLine.dropFirst(2))
        },
        .init("text after the last empty line", .badSignatureLine(line: 5), .badInput) {
            _ = try parse(goText + "\n" + peterLine + "Unexpected line.\n")
        },
        .init("unsigned text with an empty line", .badSignatureLine(line: 3), .badInput) { _ = try parse("a\n\nb\n") },
        .init("signature line without a space", .badSignatureLine(line: 4), .badInput) {
            _ = try parse(goText + "\n— PeterNeumann\n")
        },
        .init("signer name with a space", .badSignerName(line: 4, name: "Peter\u{A0}Neumann"), .badInput) {
            _ = try parse(
                goText + "\n" + peterLine.replacingOccurrences(of: "PeterNeumann", with: "Peter\u{A0}Neumann"))
        },
        .init("signer name with a plus", .badSignerName(line: 4, name: "Peter+Neumann"), .badInput) {
            _ = try parse(goText + "\n" + peterLine.replacingOccurrences(of: "PeterNeumann", with: "Peter+Neumann"))
        },
        .init("empty signer name", .badSignerName(line: 4, name: ""), .badInput) {
            _ = try parse(goText + "\n—  AAAAAA==\n")
        },
        .init("bad signature base64", .badSignatureBase64(line: 4, value: "AAAA!A=="), .badInput) {
            _ = try parse(goText + "\n— PeterNeumann AAAA!A==\n")
        },
        .init("non-canonical signature padding", .badSignatureBase64(line: 4, value: "AAAAAB=="), .badInput) {
            _ = try parse(goText + "\n— PeterNeumann AAAAAB==\n")
        },
        .init("signature shorter than a key ID", .signatureTooShort(line: 4, bytes: 3), .badInput) {
            _ = try parse(goText + "\n— PeterNeumann AAAA\n")
        },
        .init("note over 1 MiB", .tooLarge(bytes: SignedNote.maximumBytes + 1), .badInput) {
            _ = try SignedNote(parsing: [UInt8](repeating: 0x61, count: SignedNote.maximumBytes) + [0x0A])
        },
        .init(
            "signature by another key only",
            .noTrustedSignature(signers: ["EnochRoot+af0cfe78"], trusted: ["PeterNeumann+c74f20a3"]),
            .verificationFailed
        ) {
            _ = try NoteVerifier.check(try parse(goText + "\n" + enochLine), with: [try verifier(peterKey)])
        },
        .init(
            "unsigned note", .noTrustedSignature(signers: [], trusted: ["PeterNeumann+c74f20a3"]), .verificationFailed
        ) {
            _ = try NoteVerifier.check(try parse(goText), with: [try verifier(peterKey)])
        },
        .init("flipped signature byte", .badSignature(name: "PeterNeumann", keyID: 0xc74f_20a3), .verificationFailed) {
            _ = try NoteVerifier.check(
                try parse(goText + "\n" + enochLine + flipped), with: [try verifier(peterKey), try verifier(enochKey)])
        },
        .init(
            "two trusted keys with one name and key ID", .ambiguousKey(name: "PeterNeumann", keyID: 0xc74f_20a3),
            .badInput
        ) {
            let peter = try verifier(peterKey)
            let twin = NoteVerifier(
                unchecked: peter.name, keyID: peter.keyID, publicKey: [UInt8](repeating: 1, count: 32))
            _ = try NoteVerifier.check(try parse(goText + "\n" + peterLine), with: [peter, twin])
        },
        .init("key name with a plus", .badKeyName("example.com/a+b"), .badInput) {
            _ = try NoteSigner.generate(name: "example.com/a+b")
        },
        .init("key name with an ideographic space", .badKeyName("a\u{3000}b"), .badInput) {
            _ = try NoteSigner.generate(name: "a\u{3000}b")
        },
        .init("empty key name", .badKeyName(""), .badInput) {
            _ = try NoteVerifier(name: "", publicKey: [UInt8](repeating: 0, count: 32))
        },
        .init("31-byte public key", .badKeyLength(.verifier, bytes: 31), .badInput) {
            _ = try NoteVerifier(name: "a", publicKey: [UInt8](repeating: 0, count: 31))
        },
        .init("33-byte seed", .badKeyLength(.privateKey, bytes: 33), .badInput) {
            _ = try NoteSigner(name: "a", seed: [UInt8](repeating: 0, count: 33))
        },
        .init(
            "private key with wrong id",
            .keyIDMismatch(.privateKey, name: "PeterNeumann", stated: 0xc74f_20a4, computed: 0xc74f_20a3), .badInput
        ) {
            _ = try NoteSigner(parsing: peterPrivate.replacingOccurrences(of: "c74f20a3", with: "c74f20a4"))
        },
        .init(
            "verifier key with wrong id",
            .keyIDMismatch(.verifier, name: "PeterNeumann", stated: 0, computed: 0xc74f_20a3), .badInput
        ) {
            _ = try verifier(peterKey.replacingOccurrences(of: "c74f20a3", with: "00000000"))
        },
        .init("vkey with type 0x02", .unsupportedKeyType(.verifier, 0x02), .badInput) { _ = try verifier(type2Key) },
        .init("Go's unknown-algorithm vkey", .unsupportedKeyType(.verifier, 0x65), .badInput) {
            _ = try verifier("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        },
        .init("private key given as a vkey", .badKeyID(.verifier, "KEY"), .badInput) { _ = try verifier(peterPrivate) },
        .init("vkey given as a private key", .malformedKey(.privateKey), .badInput) {
            _ = try NoteSigner(parsing: peterKey)
        },
        .init("vkey with two parts", .malformedKey(.verifier), .badInput) { _ = try verifier("PeterNeumann+c74f20a3") },
        .init("uppercase key ID", .badKeyID(.verifier, "C74F20A3"), .badInput) {
            _ = try verifier(peterKey.replacingOccurrences(of: "c74f20a3", with: "C74F20A3"))
        },
        .init("vkey with an extra =", .badKeyBase64(.verifier), .badInput) { _ = try verifier(peterKey + "=") },
        .init("empty key material", .badKeyBase64(.verifier), .badInput) { _ = try verifier("PeterNeumann+c74f20a3+") },
    ]

    @Test(arguments: refused)
    func refuses(_ input: RefusedNoteInput) {
        #expect(throws: input.error) { try input.run() }
        #expect(input.error.status == input.status)
        #expect(!input.error.description.contains("\n"))
        #expect(input.error.description.contains(". Fix: "))
    }
}
