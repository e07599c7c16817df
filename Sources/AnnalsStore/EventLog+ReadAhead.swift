import AnnalsCore
import AnnalsSystem

extension EventLog {
    /// Records a read-ahead thread hands over at a time.
    static let readAheadBatch = 256
    /// Batches that may wait for the consumer: bounds what is read ahead to about 4,000 records.
    static let readAheadBatches = 16
    /// Below this many bytes to read, reading on another thread gains less than it costs.
    static let readAheadMinimumBytes = 1 << 20

    /// Like ``forEachRecord(from:_:)-(LogPosition?,_)``, but reads, decodes and checks the records on
    /// a second thread, up to a few thousand records ahead of `body`, which runs on the calling
    /// thread in log order. For long reads whose `body` has work of its own (a projection
    /// rebuild): the two then share the cores. An error in the log reaches the caller after
    /// `body` has seen every record before it, as with a plain scan; when `body` returns false or
    /// throws, the reader stops. Short reads are done on the calling thread. Records the name
    /// index vouches for (``vouchedPrefix(_:)``) are not re-encoded and re-hashed; their seq
    /// continuity, `prev` links and the covered chain head are checked (`annals verify` checks all).
    public func forEachRecordReadingAhead(from position: LogPosition?, _ body: (Record, LogPosition) throws -> Bool)
        throws
    {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        let segments = try Segment.list(in: layout.events)
        let seq = position?.seq ?? 1
        guard try bytesToRead(from: position, seq: seq, segments: segments) >= Self.readAheadMinimumBytes else {
            return try scan(from: position, seq: seq, segments: segments, body)
        }
        try readAhead(
            from: position, seq: seq, segments: segments, vouched: try vouchedPrefix(segments),
            batch: Self.readAheadBatch, body)
    }

    /// The last seq and chain hash of the records that were fully checked when the name index took
    /// them in, and whose bytes are unchanged since: its fingerprint of `Events/` (`names.seal`)
    /// still matches the segments (by stat, or else by re-hashing the bytes it saw). Nil without
    /// a fingerprint, or when those bytes changed. Called under the lock.
    func vouchedPrefix(_ segments: [Segment]) throws -> (seq: Int64, hash: String)? {
        guard let seal = LogFingerprint.load(layout.nameIndexFingerprint), seal.seq > 0 else { return nil }
        let (change, _) = try seal.refreshed(segments)
        if case .rewritten = change { return nil }
        return (seal.seq, seal.head)
    }

    /// The bytes a scan from `position` (or `seq`) reads, roughly: the segments it reads, whole.
    private func bytesToRead(from position: LogPosition?, seq: Int64, segments: [Segment]) throws -> Int {
        guard !segments.isEmpty else { return 0 }
        let first = segments.lastIndex { $0.firstSeq <= max(position?.segment ?? seq, 1) } ?? 0
        var total = -(position?.offset ?? 0)
        for segment in segments[first...] {
            total += try PosixFile(path: segment.path, flags: .readOnly).size()
        }
        return total
    }

    /// Scans on a reading thread that hands records to `body` on this one through a bounded
    /// ``RecordPipe``. The caller holds the lock; the reading thread is joined before returning.
    func readAhead(
        from position: LogPosition?, seq: Int64, segments: [Segment], vouched: (seq: Int64, hash: String)? = nil,
        batch size: Int, _ body: (Record, LogPosition) throws -> Bool
    ) throws {
        let pipe = RecordPipe(capacity: Self.readAheadBatches)
        let reader = WorkerThread { [self] in
            var batch: [RecordPipe.Item] = []
            batch.reserveCapacity(size)
            do {
                try scan(from: position, seq: seq, segments: segments, vouched: vouched) { record, place in
                    batch.append((record, place))
                    guard batch.count == size else { return true }
                    defer { batch.removeAll(keepingCapacity: true) }
                    return pipe.put(batch)
                }
                if !batch.isEmpty { _ = pipe.put(batch) }
                pipe.finish(nil)
            } catch {
                // The records read before the bad one are still the consumer's, in order.
                if !batch.isEmpty { _ = pipe.put(batch) }
                pipe.finish(error)
            }
        }
        guard let reader else {
            return try scan(from: position, seq: seq, segments: segments, vouched: vouched, body)
        }
        defer {
            pipe.cancel()
            reader.join()
        }
        while let records = try pipe.take() {
            for (record, place) in records {
                if try !body(record, place) { return }
            }
        }
    }
}
