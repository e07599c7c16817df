import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation

extension Ledger {
    /// The ledger's origin, the first line of its checkpoints.
    public func origin() throws -> String {
        guard let config = try LedgerConfig.load(layout) else { throw ConfigError.noOrigin(root: layout.root) }
        return config.origin
    }

    /// Sets the ledger's origin. Once a checkpoint is saved in `Checkpoints/` it names the
    /// origin, which then stays.
    public func setOrigin(_ origin: String) throws {
        let wanted = try LedgerConfig(origin: origin)
        let current = try LedgerConfig.load(layout)
        if current == wanted { return }
        if let published = try CheckpointFiles.list(layout).first {
            let named = try Self.readCheckpoint(published.path).checkpoint.origin
            if !Self.sameBytes(named, origin) {
                throw ConfigError.originFixed(current: current?.origin ?? named, asked: origin)
            }
        }
        try wanted.save(layout)
    }

    /// `annals init`: creates a ledger in `path` with `origin` (default `annals.invalid/FOLDER`),
    /// or, given an origin, sets it in the ledger already there. Returns whether it was created.
    public static func initialize(at path: String, origin: String?, options: Options = Options()) throws
        -> (ledger: Ledger, created: Bool)
    {
        let existing = LedgerLayout.absolute(path)
        if let origin, FileSystem.isDirectory(existing + "/Events") {
            let ledger = Ledger(layout: try LedgerLayout.at(existing), options: options)
            try ledger.setOrigin(origin)
            return (ledger, false)
        }
        let name = LedgerLayout.absolute(path).split(separator: "/").last.map(String.init) ?? "ledger"
        var chosen = origin ?? "annals.invalid/" + name.filter { !$0.isWhitespace && $0 != "+" }
        if origin == nil && (try? LedgerConfig.check(origin: chosen)) == nil { chosen = "annals.invalid/ledger" }
        try LedgerConfig.check(origin: chosen)
        let ledger = try create(at: path, options: options)
        try ledger.setOrigin(chosen)
        return (ledger, true)
    }

    /// The checkpoint of the log's tree at `size` records (nil: all of them), signed by `signer`
    /// if given. With `save`, every checkpoint already in `Checkpoints/` is first checked against
    /// the log (a log must never publish two checkpoints that disagree), then this one is saved as
    /// a new file; one of that size already saved is never replaced: with `addSignature`, this
    /// note's signature is added to it (same body only), else the save is refused.
    public func checkpoint(
        size: Int64? = nil, signer: NoteSigner?, save: Bool, addSignature: Bool = false
    ) throws -> CheckpointOutcome {
        let origin = try origin()
        var head = try log.treeHead(size: size)
        let saved = save ? try CheckpointFiles.list(layout) : []
        // What is signed or published is recomputed from Events/ itself, after the chain is checked:
        // never from the derived tree in .annals/ alone, which a crash or an edit could leave wrong.
        if signer != nil || save {
            let report = try verify()
            if let defect = report.defect { throw CheckpointCheckError.damagedLog(defect: "\(defect)") }
            let roots = try log.treeRoots(at: Set(saved.map(\.size) + [head.size]))
            if let root = roots[head.size], root != head.root {
                notice("the Merkle tree in .annals/ did not match Events/; it is built again")
                try log.discardTree()
                head.root = root
            }
            for entry in saved {
                let checkpoint = try Self.readCheckpoint(entry.path).checkpoint
                guard Self.sameBytes(checkpoint.origin, origin), checkpoint.size == entry.size,
                    let root = roots[checkpoint.size], root == checkpoint.root
                else { throw CheckpointCheckError.inconsistentSaved(path: entry.path, size: checkpoint.size) }
            }
        }
        let checkpoint = Checkpoint(origin: origin, size: head.size, root: head.root)
        var note = SignedNote(text: checkpoint.text)
        if let signer { note.signatures = [signer.sign(checkpoint.text)] }
        var outcome = CheckpointOutcome(checkpoint: checkpoint, note: note, savedTo: nil)
        if let signer, !Self.sameBytes(signer.name, origin) {
            notice("the key is named \(signer.name), the ledger's origin is \(origin); C2SP asks that they match")
        }
        guard save else { return outcome }
        outcome.savedTo = try CheckpointFiles.save(note, size: head.size, in: layout, addSignatures: addSignature)
        return outcome
    }

    /// Origins and key names match byte for byte (C2SP), not by Unicode equivalence.
    static func sameBytes(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// `verify`, and every checkpoint saved in `Checkpoints/` against the log (its root recomputed
    /// from the records): a log shorter than, or rewritten since, what was published fails.
    public func verifyWithSavedCheckpoints(
        progress: (Int64) -> Void = { _ in }
    ) throws -> (report: VerifyReport, checks: [CheckpointCheck]) {
        let saved = try CheckpointFiles.list(layout)
        if saved.isEmpty { return (try verify(progress: progress), []) }
        var (report, checks) = try verify(checkpoints: saved.map(\.path), keys: [], progress: progress)
        for i in checks.indices {
            checks[i].path = "Checkpoints/" + CheckpointFiles.name(size: checks[i].checkpoint.size)
        }
        return (report, checks)
    }

    /// Refuses to answer from a log shorter than a checkpoint saved in `Checkpoints/` (told by the
    /// files' names, which `verify` holds to their sizes): its records were removed since.
    /// A file there that is not a checkpoint's is left to `verify` to report, not a reason to refuse a read.
    func checkNotShorterThanPublished(records: Int64) throws {
        guard let saved = try? CheckpointFiles.list(layout), let largest = saved.max(by: { $0.size < $1.size }),
            largest.size > records
        else { return }
        throw CheckpointCheckError.shorterThanPublished(
            path: "Checkpoints/" + CheckpointFiles.name(size: largest.size),
            size: largest.size, records: records)
    }

    /// `verify`, then each checkpoint in `paths` (files, or folders of `*.checkpoint` files)
    /// against the log: its origin, its signature by one of `keys` (when any are given), and its
    /// root against the root recomputed from the first N records' bytes.
    public func verify(
        checkpoints paths: [String], keys: [NoteVerifier], progress: (Int64) -> Void = { _ in }
    ) throws -> (report: VerifyReport, checks: [CheckpointCheck]) {
        var files: [String] = []
        for path in paths {
            if FileSystem.isDirectory(path) {
                files += try CheckpointFiles.list(folder: path).map(\.path)
            } else {
                files.append(path)
            }
        }
        if files.isEmpty { throw CheckpointCheckError.noCheckpoints(paths: paths) }
        var checks = try files.map { path in
            let (note, checkpoint) = try Self.readCheckpoint(path)
            if let named = CheckpointFiles.size(named: path), named != checkpoint.size {
                throw CheckpointCheckError.nameDiffers(path: path, named: named, size: checkpoint.size)
            }
            var check = CheckpointCheck(path: path, checkpoint: checkpoint)
            if !keys.isEmpty {
                do {
                    check.signedBy = try NoteVerifier.check(note, with: keys).map(\.name)
                } catch let error as NoteError where error.status == .verificationFailed {
                    check.problem = error.description
                }
            }
            return check
        }
        let origin = try LedgerConfig.load(layout)?.origin
        let report = try verify(progress: progress)
        guard report.ok else { return (report, checks) }
        let roots = try log.treeRoots(at: Set(checks.map(\.checkpoint.size)))
        for i in checks.indices where checks[i].problem == nil {
            let checkpoint = checks[i].checkpoint
            if let origin, !Self.sameBytes(checkpoint.origin, origin) {
                checks[i].problem =
                    "it is a checkpoint of \(UserText.quoted(checkpoint.origin)), not of this ledger "
                    + "(\(UserText.quoted(origin)))"
            } else if let root = roots[checkpoint.size] {
                if root != checkpoint.root {
                    checks[i].problem =
                        "the log's first \(checkpoint.size) records have root \(Digest.hex(root)), not the checkpoint's "
                        + "\(Digest.hex(checkpoint.root)): they were rewritten since it was made"
                }
            } else {
                checks[i].problem =
                    "the log has \(report.records) records, fewer than the checkpoint's \(checkpoint.size): records "
                    + "were removed, or it is another log"
            }
        }
        return (report, checks)
    }

    /// The inclusion proof of the record `ref` (an id or seq) in the tree of `size` records.
    public func prove(_ ref: String, size: Int64?) throws -> (proof: InclusionProof, record: Record) {
        try checkNotShorterThanPublished(records: try log.tail().seq)
        if Int64(ref) == nil, let seq = try log.seq(ofEvent: ref) {
            let found = try log.inclusionProof(seq: seq, size: size)
            if found.record.id == ref { return found }
        }
        let seq = try Int64(ref) ?? record(ref).seq
        return try log.inclusionProof(seq: seq, size: size)
    }

    /// The consistency proof from the tree of `old` records to that of `new` (nil: the whole log).
    public func proveConsistency(old: Int64, new: Int64?) throws -> ConsistencyProof {
        try log.consistencyProof(old: old, new: new)
    }

    /// A checkpoint file's note and checkpoint, read with the checkpoint cap (a symbolic link is
    /// followed, a device or folder refused); malformed ones fail with the file named.
    static func readCheckpoint(_ path: String) throws -> (note: SignedNote, checkpoint: Checkpoint) {
        let bytes = try InputFile.read(path, cap: .checkpoint)
        do {
            let note = try SignedNote(parsing: bytes)
            return (note, try Checkpoint(text: note.text))
        } catch let error as any AnnalsFailure {
            throw ProofInputError(path: path, underlying: error)
        }
    }
}

/// What `annals checkpoint` made.
public struct CheckpointOutcome: Sendable {
    public var checkpoint: Checkpoint
    public var note: SignedNote
    /// Where it was saved (`--save`), or nil.
    public var savedTo: String?
}

/// One checkpoint as `verify --checkpoint` found it.
public struct CheckpointCheck: Sendable {
    public var path: String
    public var checkpoint: Checkpoint
    /// The names of the given keys whose signatures verified (empty when no key was given).
    public var signedBy: [String] = []
    /// Why it does not hold for this log, or nil.
    public var problem: String?

    public init(path: String, checkpoint: Checkpoint) {
        self.path = path
        self.checkpoint = checkpoint
    }
}
