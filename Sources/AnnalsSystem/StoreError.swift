import AnnalsCore
import Glibc

/// Failures of the on-disk ledger, each with what a user needs to act on it.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// No `Events/` directory here or above.
    case notALedger(searchedFrom: String)
    /// A system call failed on a file.
    case io(path: String, operation: String, errno: Int32)
    /// The last line of the log is incomplete (a crash during a write).
    case tornTail(segment: String, line: Int, bytes: Int)
    /// A logged record is damaged or out of chain; `verify` says more.
    case corrupt(segment: String, line: Int, seq: Int64, problem: String)
    /// Another process holds the ledger lock.
    case busy(path: String, waitedSeconds: Int)
    /// A path in `Events/` is not what a segment must be (a symlink, a directory, a bad name).
    case unsafePath(path: String, problem: String)
    /// The ledger directory exists already (init).
    case alreadyALedger(path: String)
    /// One of the ledger's own folders is a symbolic link (or not a directory).
    case notARealFolder(path: String, problem: String)
    /// An output path lands in a folder only annals itself writes (Events/, Snapshots/, .annals/).
    case protectedPath(path: String, resolved: String, area: String)
    /// An output path is one of the ledger's own files (ledger.json, verifier-keys.txt).
    case ledgerFile(path: String, name: String)
    /// An output path holds something else than what is written there (a device, a FIFO…).
    case notRegularFile(path: String, kind: String, expected: String)
    /// An output file exists and `--force` was not given.
    case outputExists(path: String)
    /// A checkpoint of that size is saved already (it is never replaced).
    case checkpointExists(path: String)
    /// A checkpoint of that size is saved already with another body: another state of the tree.
    case checkpointDiffers(path: String)
    /// An input ended at a limit, or held bytes that are never text.
    case inputRefused(path: String, problem: String, fix: String)
    /// A seq or tree size asked for is not in the log (or sizes come in the wrong order).
    case outOfRange(what: String, limit: String, fix: String)
    /// The Merkle tree in `.annals/` did not bear out its own root; it was cleared.
    case staleTree(path: String)

    public var description: String {
        switch self {
        case .notALedger(let from):
            return
                "not inside an Annals ledger (no Events/ directory in \(from) or above). Fix: run 'annals init', or "
                + "pass --ledger PATH"
        case .io(let path, let op, let e):
            let fix =
                Self.isRead(op)
                ? "check that it exists and is readable" : "check the path, its folder's permissions and the free space"
            return "cannot \(op) \(path): \(Self.message(errno: e)). Fix: \(fix)"
        case .tornTail(let seg, let line, let bytes):
            return
                "the log ends with an incomplete record (\(seg) line \(line), \(bytes) bytes without a final "
                + "newline), probably left by a crash. Fix: run 'annals repair' to remove that incomplete line"
        case .corrupt(let seg, let line, let seq, let problem):
            return
                "the log is damaged at \(seg)\(line > 0 ? " line \(line)" : "") (seq \(seq)): \(problem). Fix: run "
                + "'annals verify' for "
                + "details; restore Events/ from git"
        case .busy(let path, let s):
            return
                "the ledger is busy: another annals process held \(path) for \(s) s. Fix: retry, or set "
                + "ANNALS_LOCK_TIMEOUT to wait longer"
        case .unsafePath(let path, let problem):
            return
                "refusing \(path): \(problem). Fix: Events/ must hold only regular segment files named NNNNNNNN.jsonl"
        case .alreadyALedger(let path):
            return "\(path) already holds a ledger (Events/ exists)"
        case .notARealFolder(let path, let problem):
            return "refusing the ledger: \(path) \(problem). Fix: make it a real directory of this ledger "
                + "(a symlinked Events/ would let appends write into another ledger)"
        case .protectedPath(let path, let resolved, let area):
            let via = resolved == FilePath.absolute(path) ? "" : " (it resolves to \(resolved))"
            return "refusing to write \(path)\(via): it is inside \(area), which only annals itself writes. "
                + "Fix: choose a path outside Events/, Snapshots/, Checkpoints/ and .annals/"
        case .ledgerFile(let path, let name):
            return "refusing to write \(UserText.escaped(path, limit: 200)): it is the ledger's own \(name), never "
                + "an output (not even with --force). Fix: choose a path outside the ledger's own files"
        case .notRegularFile(let path, let kind, let expected):
            return "refusing to write \(UserText.escaped(path, limit: 200)): it is \(kind), not \(expected); only "
                + "a regular file is ever replaced (not even with --force). Fix: choose the path of a new or "
                + "regular file"
        case .outputExists(let path):
            return "\(path) exists. Fix: pass --force to replace it, or choose another path"
        case .checkpointExists(let path):
            return "\(path) is saved already and a saved checkpoint is never replaced. Fix: pass --add-signature "
                + "to add this note's signature to it (its body must be the same), or leave --save out"
        case .checkpointDiffers(let path):
            return "\(path) is saved already with another body: it names another state of the tree of that size. "
                + "Fix: leave it as published; check the log with 'annals verify --checkpoint Checkpoints/'"
        case .inputRefused(let path, let problem, let fix):
            return "refusing \(path): \(problem). Fix: \(fix)"
        case .outOfRange(let what, let limit, let fix):
            return "\(what) is outside \(limit). Fix: \(fix)"
        case .staleTree(let path):
            return "the Merkle tree in \(path) does not match the log; it was cleared. Fix: run the command again "
                + "to rebuild it"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .notALedger: .noInput
        case .io(_, let op, _): Self.isRead(op) ? .ioError : .cannotWrite
        case .tornTail, .corrupt: .verificationFailed
        case .busy: .busy
        case .unsafePath: .badInput
        case .alreadyALedger, .protectedPath, .outputExists, .checkpointExists, .ledgerFile, .notRegularFile,
            .checkpointDiffers:
            .cannotWrite
        case .notARealFolder, .inputRefused, .outOfRange: .badInput
        case .staleTree: .software
        }
    }

    /// Whether a failed operation was a read (exit 74) rather than a write (exit 73).
    static func isRead(_ operation: String) -> Bool {
        (operation.hasPrefix("read") || operation.hasPrefix("open") || operation.hasPrefix("list")
            || operation == "run")
            && !operation.hasPrefix("open for writing")
    }

    /// The system's reason for `errno`, as messages quote it.
    public static func message(errno e: Int32) -> String {
        String(cString: strerror(e))
    }
}

extension StoreError: AnnalsFailure {}
