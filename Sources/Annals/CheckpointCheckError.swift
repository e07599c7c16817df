import AnnalsCore

/// Why a checkpoint or proof does not hold, or cannot be made (status 1: does not verify,
/// unless said otherwise).
public enum CheckpointCheckError: AnnalsFailure, Equatable {
    /// A checkpoint already in `Checkpoints/` disagrees with the log: saving another would publish both.
    case inconsistentSaved(path: String, size: Int64)
    /// The log fails `verify`: no checkpoint of it is signed or saved.
    case damagedLog(defect: String)
    /// A consistency proof checked against one checkpoint only.
    case oneEndOnly(size: Int64)
    /// `--checkpoint` named no checkpoint file.
    case noCheckpoints(paths: [String])
    /// No given checkpoint is of a size the proof is about.
    case noCheckpointOfSize(sizes: [Int64], given: [Int64])
    /// A checkpoint of the proof's size has another root.
    case rootDiffers(which: String, size: Int64)
    /// Two checkpoints of one size name different roots: a fork, or a forgery.
    case checkpointsDisagree(size: Int64)
    /// The record given does not hash to the proof's leaf.
    case recordDiffers
    /// A checkpoint of another log than the one asked for (`--origin`).
    case otherOrigin(expected: String, found: String)
    /// Checkpoints of two origins.
    case originsDiffer(String, String)
    /// A checkpoint file whose name gives another tree size than its body.
    case nameDiffers(path: String, named: Int64, size: Int64)
    /// The log holds fewer records than a checkpoint saved in `Checkpoints/` published.
    case shorterThanPublished(path: String, size: Int64, records: Int64)

    public var description: String {
        switch self {
        case .inconsistentSaved(let path, let size):
            return "\(path) (the checkpoint of \(size) records) does not match the log: Events/ was rewritten or cut "
                + "back since it was saved. Fix: restore Events/ from git; never save a checkpoint that disagrees "
                + "with a published one"
        case .damagedLog(let defect):
            return "the log does not verify (\(defect)): no checkpoint of it is signed or saved. Fix: run "
                + "'annals verify'; restore Events/ from git"
        case .oneEndOnly(let size):
            return "a consistency proof is checked between two checkpoints, and only the one of \(size) records was "
                + "given: the other root is the proof's own word. Fix: pass --checkpoint OLD --checkpoint NEW"
        case .noCheckpoints(let paths):
            return "no checkpoint in \(paths.joined(separator: ", ")). Fix: give checkpoint files, or a folder of "
                + "*.checkpoint files such as Checkpoints/"
        case .noCheckpointOfSize(let sizes, let given):
            let want = sizes.map(String.init).joined(separator: " or ")
            let have = given.map(String.init).joined(separator: ", ")
            return "the proof is about the tree of \(want) records, the checkpoint is of \(have). Fix: make the proof "
                + "for the checkpoint's size ('annals prove ID --size N', 'annals prove --consistency OLD N')"
        case .rootDiffers(let which, let size):
            return "the proof's \(which) root is not the checkpoint's root for \(size) records: the proof is not "
                + "from the log the checkpoint describes"
        case .checkpointsDisagree(let size):
            return "two checkpoints of \(size) records name different roots: the log forked, or one is forged"
        case .recordDiffers:
            return "the record does not hash to the proof's leaf: it is not the record the proof is about"
        case .otherOrigin(let expected, let found):
            return
                "the checkpoint is of the log \(UserText.quoted(found)), not \(UserText.quoted(expected)): the proof "
                + "is about another log"
        case .nameDiffers(let path, let named, let size):
            return "\(UserText.escaped(path, limit: 200)) is named for a tree of \(named) records but is the "
                + "checkpoint of \(size) records: a checkpoint's name and size must agree. Fix: restore it from git "
                + "(it was renamed or edited)"
        case .shorterThanPublished(let path, let size, let records):
            return "the log has \(records) record\(records == 1 ? "" : "s"), but \(UserText.escaped(path, limit: 200)) "
                + "published a tree of \(size): records were removed since. Fix: restore Events/ from git "
                + "('git checkout -- Events/'), then run 'annals verify'"
        case .originsDiffer(let a, let b):
            return "the checkpoints are of two logs, \(UserText.quoted(a)) and \(UserText.quoted(b)). Fix: give "
                + "checkpoints of one log"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .noCheckpoints: .noInput
        case .originsDiffer: .badInput
        default: .verificationFailed
        }
    }
}
