import AnnalsAdapters
import AnnalsCore
import AnnalsStore
import AnnalsSystem

// The ports through which the use cases reach the outside world. The façade owns each protocol;
// AnnalsAdapters holds the real adapters (libcurl with the address guard, git, key files), which
// are declared conforming here, where they are also built by default. Tests give fakes.

/// Fetches one cited page within bounds: ``PageFetcher`` over libcurl, or a fake.
public protocol PageFetching: AnyObject {
    /// `url`'s page after its redirects, or why there is none.
    func fetch(_ url: String) -> Result<PageFetcher.Page, PageFetcher.Failure>
}

extension PageFetcher: PageFetching {}

/// The version control holding a ledger, as `review` reads it: ``GitRepository``, or a fake.
public protocol LedgerRepository {
    /// Writes a new ledger at `dir` (which does not exist yet) whose `Events/` is as it is at `revision`.
    func checkout(revision: String, into dir: String) throws
    /// The files of the ledger's `folder` (e.g. `Snapshots`) that `head` adds (`A`), modifies (`M`)
    /// or deletes (`D`) against `base`: (status, file name), by name.
    func changes(in folder: String, base: String, head: String) throws -> [(status: Character, name: String)]
    /// Writes the file `folder/name` of the ledger as it is at `revision` to `target`.
    func materialize(_ folder: String, _ name: String, revision: String, to target: String) throws
}

extension GitRepository: LedgerRepository {
    public func checkout(revision: String, into dir: String) throws {
        _ = try materialize(revision: revision, into: dir)
    }
}

/// Where checkpoint keys come from: ``KeyFile`` (files and arguments), or a fake.
public protocol KeyStore {
    /// The verifier keys `argument` names (a key itself, or a file of them).
    func verifiers(_ argument: String) throws -> [NoteVerifier]
    /// The signing key in the file at `path`.
    func signer(at path: String) throws -> NoteSigner
}

/// The key files on disk, as a ``KeyStore``.
public struct KeyFiles: KeyStore {
    public init() {}
    public func verifiers(_ argument: String) throws -> [NoteVerifier] { try KeyFile.verifiers(argument) }
    public func signer(at path: String) throws -> NoteSigner { try KeyFile.signer(at: path) }
}

/// The adapters' names as the CLI knows them (it does not import AnnalsAdapters).
public typealias PageFetcher = AnnalsAdapters.PageFetcher
public typealias KeyFile = AnnalsAdapters.KeyFile
public typealias KeyFileError = AnnalsAdapters.KeyFileError
public typealias GitError = AnnalsAdapters.GitError
