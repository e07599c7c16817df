import AnnalsCore
import AnnalsSystem

/// Streams one batch's records into its segment as they are sealed, so a batch of any size
/// needs only a bounded buffer, and keeps the batch atomic with the ``AppendJournal``: armed
/// before the first byte, disarmed (the commit) once every byte is fsynced. Until then the
/// batch is invisible (the writer holds the exclusive lock) and, should the process die, rolled
/// back by the next command; a batch refused part-way is cut back by ``rollBack()``.
final class BatchWriter {
    private let layout: LedgerLayout
    private let target: Segment
    private let created: Bool
    private let before: AppendJournal.Mark
    private var journal: AppendJournal
    private var file: PosixFile?
    private(set) var written = 0

    /// A writer for the batch after `tail`: into the last of `segments`, or a new segment once
    /// that one holds `segmentLimit` bytes. A batch is never split across segments.
    init(layout: LedgerLayout, segments: [Segment], tail: EventLog.Tail, segmentLimit: Int) throws(StoreError) {
        self.layout = layout
        let firstSeq = tail.seq + 1
        var target = segments.last
        var offset = 0
        if let last = target {
            offset = try PosixFile(path: last.path, flags: .readOnly).size()
            // The last segment must be where the next record belongs: never write into a stray file.
            if offset == 0 ? last.firstSeq != firstSeq : last.firstSeq >= firstSeq {
                throw StoreError.corrupt(
                    segment: "Events/" + last.name, line: 1, seq: firstSeq,
                    problem: "this segment does not continue the log (records end at seq \(firstSeq - 1))")
            }
            if offset >= segmentLimit { target = nil }
        }
        created = target == nil
        if created { offset = 0 }
        self.target = target ?? Segment(firstSeq: firstSeq, path: layout.events + "/" + Segment.name(firstSeq))
        before = AppendJournal.Mark(
            segment: self.target.name, offset: offset, created: created, seq: tail.seq, hash: tail.hash)
        journal = AppendJournal(path: layout.journal)
    }

    /// Writes `bytes` (whole records) after the ones written so far; arms the journal first.
    func write(_ bytes: [UInt8]) throws(StoreError) {
        guard !bytes.isEmpty else { return }
        if file == nil {
            try journal.arm(before)
            let flags: OpenFlags = created ? [.writeOnly, .append, .create, .exclusive] : [.writeOnly, .append]
            file = try PosixFile(path: target.path, flags: flags)
        }
        try file!.writeAll(bytes)
        written += bytes.count
    }

    /// Writes the last bytes, makes the batch durable and commits it.
    func commit(_ rest: [UInt8]) throws(StoreError) {
        try write(rest)
        guard let file else { return }
        try file.sync()
        if created { try PosixFile.syncDirectory(layout.events) }
        try journal.disarm()
    }

    /// Cuts the segment back to where the batch began and disarms the journal (a refused or
    /// failed batch leaves the log byte-identical).
    func rollBack() {
        guard file != nil else { return }
        file = nil
        _ = try? EventLog.cut(before, in: layout)
        try? journal.disarm()
    }
}
