import AnnalsCore
import AnnalsStore
import AnnalsSystem

/// What an outsider runs (`annals check-proof`): checks a proof with nothing but the proof, one
/// or two checkpoints, the keys they trust and, for inclusion, the record. No ledger is read.
public enum ProofChecker {
    /// What was checked.
    public struct Outcome: Sendable {
        public var proof: MerkleProofDocument
        /// The checkpoints the proof was tied to (by size).
        public var checkpoints: [Checkpoint]
        /// Names of the trusted keys whose signatures verified; empty when no key was given.
        public var signedBy: [String]
        /// Whether the record's bytes were hashed (given, or carried in the proof).
        public var recordChecked: Bool
    }

    /// A named input (a file path or "-") and its bytes.
    public typealias Input = (name: String, bytes: [UInt8])

    /// Checks the proof in the file `proofPath` against the checkpoint files, reading the record
    /// from `recordArgument` (a file, or the line itself when it starts with `{`) and the keys from
    /// `keyArguments` (see ``KeyFile/verifiers(_:)``). `-` reads standard input. Every file is
    /// read through ``InputFile/read(_:cap:)``, size-capped before it is read.
    public static func check(
        proofPath: String, checkpointPaths: [String], recordArgument: String?, keyArguments: [String],
        origin: String? = nil
    ) throws -> Outcome {
        let record = try recordArgument.map { argument in
            argument.hasPrefix("{") ? Array(argument.utf8) : try InputFile.read(argument, cap: .proof)
        }
        return try check(
            proof: (proofPath, try InputFile.read(proofPath, cap: .proof)),
            checkpoints: try checkpointPaths.map { ($0, try InputFile.read($0, cap: .checkpoint)) },
            record: record, keys: try keyArguments.flatMap { try KeyFile.verifiers($0) }, origin: origin)
    }

    /// Checks `proof` against `checkpoints`. With `keys`, every checkpoint must carry a valid
    /// signature by one of them. Throws status 65 for malformed input, 1 when it does not verify.
    public static func check(
        proof: Input, checkpoints: [Input], record: [UInt8]?, keys: [NoteVerifier], origin: String? = nil
    ) throws -> Outcome {
        let document = try parse(proof)
        var parsed: [Checkpoint] = []
        var signedBy: [String] = []
        for input in checkpoints {
            let (checkpoint, signers) = try parse(checkpoint: input, keys: keys)
            parsed.append(checkpoint)
            signedBy += signers
        }
        if let first = parsed.first,
            let other = parsed.first(where: { !$0.origin.utf8.elementsEqual(first.origin.utf8) })
        {
            throw CheckpointCheckError.originsDiffer(first.origin, other.origin)
        }
        for (i, a) in parsed.enumerated() {
            for b in parsed[(i + 1)...] where a.size == b.size && a.root != b.root {
                throw CheckpointCheckError.checkpointsDisagree(size: a.size)
            }
        }
        if let origin, let other = parsed.first(where: { !$0.origin.utf8.elementsEqual(origin.utf8) }) {
            throw CheckpointCheckError.otherOrigin(expected: origin, found: other.origin)
        }
        var outcome = Outcome(proof: document, checkpoints: [], signedBy: signedBy, recordChecked: false)
        switch document {
        case .inclusion(let p):
            let match = try tie(parsed, size: p.size, root: p.root, which: "", sizes: [p.size])
            outcome.checkpoints = [match]
            if let record {
                let line = record.last == 0x0A ? Array(record.dropLast()) : record
                guard MerkleTree.leafHash(line[...]) == p.leaf else { throw CheckpointCheckError.recordDiffers }
                outcome.recordChecked = true
            } else if p.record != nil {
                // A record the proof carries is held to its leaf like one given with --record.
                guard p.recordMatches else { throw CheckpointCheckError.recordDiffers }
                outcome.recordChecked = true
            }
            try p.verify()
        case .consistency(let p):
            let sizes = [p.oldSize, p.newSize]
            let old = parsed.first { $0.size == p.oldSize }
            let new = parsed.first { $0.size == p.newSize }
            guard old != nil || new != nil else {
                throw CheckpointCheckError.noCheckpointOfSize(sizes: sizes, given: parsed.map(\.size))
            }
            // Both roots must come from checkpoints: a root the proof alone names is a claim, not a fact.
            guard let old, let new else { throw CheckpointCheckError.oneEndOnly(size: (old ?? new)!.size) }
            outcome.checkpoints.append(try tie([old], size: p.oldSize, root: p.oldRoot, which: "old ", sizes: sizes))
            if p.newSize != p.oldSize {
                outcome.checkpoints.append(
                    try tie([new], size: p.newSize, root: p.newRoot, which: "new ", sizes: sizes))
            } else {
                _ = try tie([new], size: p.newSize, root: p.newRoot, which: "new ", sizes: sizes)
            }
            try p.verify()
        }
        return outcome
    }

    private static func parse(_ proof: Input) throws -> MerkleProofDocument {
        do {
            return try MerkleProofDocument(bytes: proof.bytes)
        } catch {
            throw ProofInputError(path: proof.name, underlying: error)
        }
    }

    /// A checkpoint note and the names of the `keys` that signed it (all must verify when keys are given).
    private static func parse(checkpoint input: Input, keys: [NoteVerifier]) throws -> (Checkpoint, [String]) {
        let note: SignedNote
        let checkpoint: Checkpoint
        do {
            note = try SignedNote(parsing: input.bytes)
            checkpoint = try Checkpoint(text: note.text)
        } catch {
            throw ProofInputError(path: input.name, underlying: error)
        }
        if let named = CheckpointFiles.size(named: input.name), named != checkpoint.size {
            throw CheckpointCheckError.nameDiffers(path: input.name, named: named, size: checkpoint.size)
        }
        do {
            return (checkpoint, keys.isEmpty ? [] : try NoteVerifier.check(note, with: keys).map(\.name))
        } catch {
            throw ProofInputError(path: input.name, underlying: error)
        }
    }

    /// The checkpoint of `size` among `checkpoints`, which must have `root`.
    private static func tie(
        _ checkpoints: [Checkpoint], size: Int64, root: MerkleTree.Hash, which: String, sizes: [Int64]
    ) throws -> Checkpoint {
        guard let match = checkpoints.first(where: { $0.size == size }) else {
            throw CheckpointCheckError.noCheckpointOfSize(sizes: sizes, given: checkpoints.map(\.size))
        }
        guard match.root == root else { throw CheckpointCheckError.rootDiffers(which: which, size: size) }
        return match
    }
}
