import Testing

@testable import AnnalsCore

@Suite("Checkpoints (c2sp.org/tlog-checkpoint)")
struct CheckpointTests {
    // The example of c2sp.org/tlog-checkpoint.
    static let specText = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let specFile =
        specText + "\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2"
        + "q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    static let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="

    static func checkpoint(_ size: String, root: String = root, more: String = "") throws(NoteError) -> Checkpoint {
        try Checkpoint(text: "example.com/log\n" + size + "\n" + root + "\n" + more)
    }

    @Test func specExampleParses() throws {
        let note = try SignedNote(parsing: Array(Self.specFile.utf8))
        #expect(note.text == Self.specText)
        #expect(note.signatures.map(\.name) == ["example.com/behind-the-sofa"])
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.root.count == 32)
        #expect(checkpoint.root.prefix(3) == [0x0A, 0xC5, 0x18])
        #expect(checkpoint.extensions == [])
        #expect(checkpoint.text == Self.specText)
    }

    @Test(
        arguments: [
            Checkpoint(origin: "example.com/log", size: 0, root: Digest.sha256([])),
            Checkpoint(origin: "a", size: Int64.max, root: [UInt8](repeating: 0xFF, count: 32)),
            Checkpoint(origin: "Annals log ✓", size: 7, root: Digest.sha256([1]), extensions: ["ext one", "— 2"]),
        ])
    func textRoundTrips(_ checkpoint: Checkpoint) throws {
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        #expect(checkpoint.text.hasPrefix(checkpoint.origin + "\n" + String(checkpoint.size) + "\n"))
    }

    @Test func signedCheckpointRoundTrips() throws {
        let signer = try NoteSigner.generate(name: "example.com/log")
        let checkpoint = Checkpoint(origin: "example.com/log", size: 42, root: Digest.sha256(Array("leaf".utf8)))
        let file = SignedNote(text: checkpoint.text, signatures: [signer.sign(checkpoint.text)]).serialized
        let note = try SignedNote(parsing: Array(file.utf8))
        #expect(try NoteVerifier.check(note, with: [signer.verifier]) == [signer.verifier])
        #expect(try Checkpoint(text: note.text) == checkpoint)
        let forged = Checkpoint(origin: "example.com/log", size: 43, root: checkpoint.root).text
        #expect(throws: NoteError.badSignature(name: "example.com/log", keyID: signer.keyID)) {
            try NoteVerifier.check(SignedNote(text: forged, signatures: note.signatures), with: [signer.verifier])
        }
    }

    @Test func unsignedCheckpointParsesWithoutSignatures() throws {
        let note = try SignedNote(parsing: Array(Self.specText.utf8))
        #expect(note.signatures == [])
        #expect(note.serialized == Self.specText)
        #expect(try Checkpoint(text: note.text).size == 20_852_163)
    }

    static let malformed: [(String, NoteError)] = [
        ("", .emptyText), ("example.com/log\n1\n", .tooFewCheckpointLines(count: 2)),
        ("\n", .tooFewCheckpointLines(count: 1)), ("example.com/log\n1\n" + root, .missingFinalNewline),
        ("\n1\n" + root + "\n", .emptyOrigin), ("a\n1\n" + root + "\n\n", .emptyExtensionLine(line: 4)),
        ("a\n1\n" + root + "\nx\n\ny\n", .emptyExtensionLine(line: 5)),
        ("a\t\n1\n" + root + "\n", .controlCharacter(line: 1, scalar: 9)),
        ("a\n1\n" + root + "\r\n", .controlCharacter(line: 3, scalar: 13)),
    ]

    @Test(arguments: malformed)
    func refusesMalformedText(_ text: String, _ error: NoteError) {
        #expect(throws: error) { try Checkpoint(text: text) }
        #expect(error.status == .badInput)
    }

    @Test(arguments: [
        "007", "00", "-1", "+1", "", " 1", "1 ", "1.0", "9223372036854775808", "99999999999999999999", "٣",
    ])
    func refusesBadTreeSize(_ size: String) {
        #expect(throws: NoteError.badTreeSize(size)) { try Self.checkpoint(size) }
    }

    @Test(arguments: ["0", "1", "10", "9223372036854775807"])
    func acceptsTreeSize(_ size: String) throws {
        #expect(try String(Self.checkpoint(size).size) == size)
    }

    @Test(
        arguments: [
            // Bad base64, no padding, the same bytes with non-zero padding bits, URL-safe alphabet, whitespace.
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I!", "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I",
            "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=", "CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I=",
            " CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
        ])
    func refusesNonCanonicalRootHash(_ root: String) {
        #expect(throws: NoteError.badRootHash(root)) { try Self.checkpoint("1", root: root) }
    }

    @Test(arguments: [0, 31, 33, 64])
    func refusesRootHashOfWrongLength(_ count: Int) {
        let root = Base64.encode([UInt8](repeating: 9, count: count))
        #expect(throws: NoteError.badRootHashLength(bytes: count)) { try Self.checkpoint("1", root: root) }
    }
}
