import AnnalsCore

/// A moment the log cannot show: `--known-at-seq` past its last record, which would otherwise
/// be answered silently at the last record.
public struct MomentError: AnnalsFailure {
    /// The seq asked for.
    public var knownAtSeq: Int64
    /// How many records the log holds.
    public var records: Int64

    public var description: String {
        "--known-at-seq \(knownAtSeq) is past the end of the log, which has \(records) record"
            + (records == 1 ? "" : "s") + ". Fix: give a seq from 0 to \(records)"
    }
    public var status: ExitStatus { .usage }
}
