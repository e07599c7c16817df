import AnnalsCore
import AnnalsSystem

extension EventLog {
    /// Rolls back a batch that was never committed (its process died while writing it): the
    /// segment is cut back to where the journal says the log ended, with a notice saying what was
    /// removed. Call under the exclusive lock.
    func rollBackUncommitted() throws(StoreError) {
        guard let mark = AppendJournal.armed(at: layout.journal) else { return }
        var journal = AppendJournal(path: layout.journal)
        if try continues(mark) {
            if let removed = try Self.cut(mark, in: layout), removed.bytes > 0 {
                notice(
                    "rolled back an append that did not finish: removed \(removed.records) record(s) from seq "
                        + "\(mark.seq + 1) (\(removed.bytes) bytes) from Events/\(mark.segment); they were never "
                        + "acknowledged")
            }
        } else {
            notice(
                "ignored the journal of an unfinished append: Events/\(mark.segment) no longer ends with seq "
                    + "\(mark.seq) where the journal says it did (Events/ was changed since), so nothing was removed")
        }
        try journal.disarm()
    }

    /// Whether the log still ends at `mark` before the batch's bytes: the segment's bytes up to
    /// the mark's offset end with the record the mark names (or the batch created the segment).
    private func continues(_ mark: AppendJournal.Mark) throws(StoreError) -> Bool {
        let path = layout.events + "/" + mark.segment
        guard let file = try? PosixFile(path: path, flags: .readOnly) else { return true }  // nothing to cut
        let size = try file.size()
        if size <= mark.offset { return size == mark.offset || mark.created }
        if mark.offset == 0 { return mark.created && mark.segment == Segment.name(mark.seq + 1) }
        let window = min(mark.offset, Limits.recordBytes + 1)
        let bytes = try file.read(at: mark.offset - window, count: window)
        guard bytes.last == 0x0A else { return false }
        let body = bytes.dropLast()
        let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
        guard let peek = try? RecordCodec.peek(body[start...]) else { return false }
        return peek.seq == mark.seq && peek.hash == mark.hash
    }

    /// Cuts a batch's segment back to `mark` (removing it if the batch created it); returns the
    /// records (newlines) and bytes removed, nil when there was nothing to remove.
    @discardableResult
    static func cut(_ mark: AppendJournal.Mark, in layout: LedgerLayout) throws(StoreError) -> (
        records: Int, bytes: Int
    )? {
        let path = layout.events + "/" + mark.segment
        guard let file = try? PosixFile(path: path, flags: .readWrite) else { return nil }
        let size = try file.size()
        guard size > mark.offset || (mark.created && mark.offset == 0) else { return nil }
        var records = 0
        var at = mark.offset
        while at < size {
            let chunk = try file.read(at: at, count: min(1 << 20, size - at))
            if chunk.isEmpty { break }
            records += chunk.count(where: { $0 == 0x0A })
            at += chunk.count
        }
        if mark.created && mark.offset == 0 {
            try FileSystem.remove(path)
            try PosixFile.syncDirectory(layout.events)
        } else {
            try file.truncate(to: mark.offset)
            try file.sync()
        }
        return (records, size - mark.offset)
    }
}
