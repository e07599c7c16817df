import AnnalsCore
import AnnalsStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checkpoint signing keys on disk: the private key file `annals keygen` writes (Go's note
/// format, `PRIVATE+KEY+name+id+base64`, mode 0600) and verifier keys given on the command line.
public enum KeyFile {
    /// Writes a new Ed25519 signing key named `name` to `path` and returns its verifier key.
    /// Never replaces a file; refuses a path inside a ledger's own folders, and (unless `force`)
    /// inside a git work tree, where it could be committed and published.
    public static func generate(name: String, to path: String, force: Bool) throws -> NoteVerifier {
        let resolved = OutputPath.resolve(path)
        let folder = LedgerLayout.parent(of: resolved)
        if let layout = try? LedgerLayout.discover(from: folder) {
            try OutputPath.check(path, layout: layout, force: true)
            throw KeyFileError.insideLedger(path: path, root: layout.root)
        }
        if FileSystem.exists(path) { throw KeyFileError.exists(path: path) }
        if !force, let top = gitWorkTree(containing: folder) {
            throw KeyFileError.insideGitWorkTree(path: path, top: top)
        }
        let signer = try NoteSigner.generate(name: name)
        try OutputPath.makeDirectories(folder)
        do {
            try FileSystem.createExclusively(Array((signer.privateKeyText + "\n").utf8), at: path, mode: 0o600)
        } catch StoreError.outputExists(_) {
            throw KeyFileError.exists(path: path)
        }
        return signer.verifier
    }

    /// The signing key in the file at `path` (read with the key-file cap).
    public static func signer(at path: String) throws -> NoteSigner {
        let bytes = try InputFile.read(path, cap: .keyFile)
        do { return try NoteSigner(parsing: String(decoding: bytes, as: UTF8.self)) } catch {
            throw ProofInputError(path: path, underlying: error)
        }
    }

    /// The verifier keys `argument` gives: a key itself (`name+id+base64`), or a file of them,
    /// one per line (blank lines and lines starting with `#` are skipped), read with the key-file
    /// cap (a pipe or `/dev/fd/N` too).
    public static func verifiers(_ argument: String) throws -> [NoteVerifier] {
        // A verifier key always holds '+'; anything else was meant as a file.
        if argument.contains("+") && !FileSystem.exists(argument) {
            do { return [try NoteVerifier(parsing: argument)] } catch {
                throw ProofInputError(path: "--key \(UserText.escaped(argument))", underlying: error)
            }
        }
        var keys: [NoteVerifier] = []
        let bytes = try InputFile.read(argument, cap: .keyFile)
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            do { keys.append(try NoteVerifier(parsing: text)) } catch {
                throw ProofInputError(path: argument, underlying: error)
            }
        }
        if keys.isEmpty { throw KeyFileError.noKeys(path: argument) }
        return keys
    }

    /// The top of the git work tree holding `folder`, if any (a `.git` folder or file above it).
    static func gitWorkTree(containing folder: String) -> String? {
        var dir = folder
        while true {
            if FileSystem.exists(dir + (dir == "/" ? "" : "/") + ".git") { return dir }
            if dir == "/" || dir.isEmpty { return nil }
            dir = LedgerLayout.parent(of: dir)
        }
    }
}

/// A key file that cannot be written or read.
public enum KeyFileError: AnnalsFailure, Equatable {
    case exists(path: String)
    case insideGitWorkTree(path: String, top: String)
    case insideLedger(path: String, root: String)
    case noKeys(path: String)

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path) exists; a signing key is never overwritten. Fix: choose another path (or remove the old "
                + "key yourself, knowing checkpoints it signed can then only be checked with its verifier key)"
        case .insideGitWorkTree(let path, let top):
            return "refusing to write a private key to \(path): it is inside the git work tree \(top), where it "
                + "could be committed and published. Fix: write it outside (e.g. ~/.config/annals/), or pass --force"
        case .insideLedger(let path, let root):
            return "refusing to write a private key to \(path): it is inside the ledger \(root), which is shared with "
                + "its readers. Fix: write it outside the ledger (e.g. ~/.config/annals/)"
        case .noKeys(let path):
            return "\(path) holds no verifier key. Fix: give a file with one key per line (name+id+base64), or "
                + "the key itself"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .exists, .insideGitWorkTree, .insideLedger: .cannotWrite
        case .noKeys: .badInput
        }
    }
}
