import AnnalsCore
import AnnalsSystem

extension EventLog {
    /// Bytes of whole lines a worker of `verify` checks at a time.
    static let verifyChunkBytes = 4 << 20
    /// Below this many bytes in `Events/`, `verify` checks on the calling thread alone.
    static let verifyThreadsMinimumBytes = 1 << 20

    /// Recomputes every record's id and hash and the chain across all segments. Stops at the
    /// first defect, which names the segment, line and seq. `progress` gets records checked so far.
    ///
    /// The calling thread cuts the segments into chunks of whole lines; one thread per core
    /// decodes and fully checks each record of a chunk on its own (``VerifyChunk/check()``);
    /// the calling thread then takes the results in log order and checks what links records
    /// (``ChainCheck``). A few chunks are in flight at a time.
    public func verify(progress: (Int64) -> Void = { _ in }) throws -> VerifyReport {
        try verify(threads: nil, chunkBytes: Self.verifyChunkBytes, progress: progress)
    }

    /// `verify` with `threads` checking threads (nil: one per core, none for a small log) and
    /// chunks of about `chunkBytes`.
    func verify(threads: Int?, chunkBytes: Int, progress: (Int64) -> Void = { _ in }) throws -> VerifyReport {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        var report = VerifyReport()
        let segments = try Segment.list(in: layout.events)
        report.segments = segments.count
        let threads = threads ?? (Self.bytes(of: segments) < Self.verifyThreadsMinimumBytes ? 0 : Self.cores)
        let work = OrderedWork<VerifyChunk, VerifyChunkResult>(threads: threads, window: 2 * threads + 1) {
            $0.check()
        }
        defer { work.stop() }
        var reader = VerifyReader(segments: segments, chunkBytes: chunkBytes)
        var check = ChainCheck(segments: segments)
        var defect: VerifyReport.Defect?
        while defect == nil, let chunk = reader.next() {
            if work.isFull, let result = work.take() { defect = try check.take(result, progress: progress) }
            if defect == nil { work.put(chunk) }
        }
        while defect == nil, let result = work.take() { defect = try check.take(result, progress: progress) }
        report.records = check.records
        report.head = check.head.hex
        report.lastRecorded = check.lastRecorded
        report.defect = defect
        if defect == nil { progress(report.records) }
        return report
    }

    /// The cores this process may run on.
    static var cores: Int { min(FileSystem.processorCount, 16) }

    /// The bytes in `segments` (those whose size can be read).
    static func bytes(of segments: [Segment]) -> Int {
        segments.reduce(0) { total, segment in
            total + ((try? FileSystem.size(of: segment.path)) ?? 0)
        }
    }

    /// Removes an incomplete last line (left by a crash mid-write), and nothing else. With
    /// `dryRun`, only reports what it would remove.
    public func repair(dryRun: Bool) throws -> RepairReport {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        var report = RepairReport()
        guard let last = try Segment.list(in: layout.events).last else { return report }
        let file = try PosixFile(path: last.path, flags: dryRun ? .readOnly : .readWrite)
        let size = try file.size()
        guard size > 0 else { return report }
        let window = min(size, 4 * Limits.recordBytes)
        let tail = try file.read(at: size - window, count: window)
        if tail.last == 0x0A {
            // A complete last line is never removed; a damaged one is reported, not "nothing to repair".
            try checkCompleteLastLine(tail, of: last, file: file)
            return report
        }
        guard let nl = tail.lastIndex(of: 0x0A) ?? (window == size ? -1 : nil) else {
            throw StoreError.corrupt(
                segment: "Events/" + last.name, line: 0, seq: 0,
                problem: "the last line is longer than any record; not removing it")
        }
        let keep = size - window + nl + 1
        report.segment = "Events/" + last.name
        report.line = try completeLines(in: file) + 1
        report.removedBytes = size - keep
        report.preview = String(decoding: tail[(nl + 1)...].prefix(60), as: UTF8.self)
        if !dryRun {
            try file.truncate(to: keep)
            try file.sync()
        }
        return report
    }

    /// Throws when the last line of `segment` (the end of `tail`, which ends in a newline) is
    /// complete but not a valid record: that is damage for `verify` to report, not for repair.
    private func checkCompleteLastLine(_ tail: [UInt8], of segment: Segment, file: PosixFile) throws {
        let body = tail.dropLast()
        let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
        if !body.isEmpty,
            case .failure(let problem) = Result(catching: { () throws(RecordCodec.Problem) in
                try RecordCodec.decode(body[start...])
            })
        {
            let lines = try completeLines(in: file)
            throw StoreError.corrupt(
                segment: "Events/" + segment.name, line: lines, seq: segment.firstSeq + Int64(lines) - 1,
                problem: "its last line is complete but not a valid record (\(problem.description)); "
                    + "'annals repair' removes only an incomplete line left by a crash")
        }
    }

    /// The number of newline-terminated lines in `file`.
    private func completeLines(in file: PosixFile) throws(StoreError) -> Int {
        var lines = 0
        var reader = LineReader(file: file)
        while let line = try reader.next() { if case .complete = line { lines += 1 } }
        return lines
    }
}
