import AnnalsCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension EventLog {
    /// Recomputes every record's id and hash and the chain across all segments. Stops at the
    /// first defect, which names the segment, line and seq. `progress` gets records checked so far.
    public func verify(progress: (Int64) -> Void = { _ in }) throws -> VerifyReport {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        var report = VerifyReport()
        let segments = try Segment.list(in: layout.events)
        report.segments = segments.count
        var expected: Int64 = 1
        // Names a record may define only once: its id, an entity, a ban (the validator refuses
        // repeats, so a repeat means the log was written by something else).
        var defined = Set<NameKey>()
        for (n, segment) in segments.enumerated() {
            if let defect = try Self.verifySegment(
                segment, isLast: n == segments.count - 1, expected: &expected, defined: &defined, report: &report,
                progress: progress)
            {
                report.defect = .init(
                    segment: "Events/" + segment.name, line: defect.line, seq: expected, problem: defect.problem)
                return report
            }
        }
        progress(report.records)
        return report
    }

    /// Checks one segment's records from seq `expected` on, counting them into `report`; returns
    /// the line and problem of its first defect (at seq `expected` as left), or nil.
    private static func verifySegment(
        _ segment: Segment, isLast: Bool, expected: inout Int64, defined: inout Set<NameKey>,
        report: inout VerifyReport, progress: (Int64) -> Void
    ) throws -> (line: Int, problem: String)? {
        if segment.firstSeq != expected {
            let problem =
                "the segment is named for seq \(segment.firstSeq) but the previous records end at seq "
                + "\(expected - 1) (a segment was removed, renamed or added)"
            return (1, problem)
        }
        var reader = LineReader(file: try PosixFile(path: segment.path, flags: O_RDONLY))
        var linesInSegment = 0
        while let line = try reader.next() {
            guard case .complete(let bytes) = line else {
                guard case .torn(let torn) = line else { break }
                let repair = isLast ? "; 'annals repair' removes it" : ""
                return (reader.lineNumber, "incomplete last line (\(torn) bytes without a final newline)" + repair)
            }
            linesInSegment += 1
            let record: Record
            do {
                record = try RecordCodec.decode(bytes)
            } catch {
                return (reader.lineNumber, error.description)
            }
            if let problem = problem(with: record, expected: expected, after: report, defined: &defined) {
                return (reader.lineNumber, problem)
            }
            report.head = record.hash
            report.lastRecorded = record.recorded
            report.records += 1
            expected += 1
            if report.records % 10_000 == 0 { progress(report.records) }
        }
        if linesInSegment == 0 && !isLast { return (1, "an empty segment in the middle of the log") }
        return nil
    }

    /// What is wrong with `record` at place `expected`, after the records `report` has seen
    /// (whose names are in `defined`), or nil when it fits.
    private static func problem(
        with record: Record, expected: Int64, after report: VerifyReport, defined: inout Set<NameKey>
    ) -> String? {
        if record.seq != expected {
            return "the record says seq \(record.seq), but its place in the log is seq \(expected) (a record was "
                + "deleted, duplicated or reordered)"
        }
        if record.prev != report.head {
            return "broken chain: prev is \(record.prev.prefix(12))…, but the record before hashes to "
                + "\(report.head.prefix(12))…"
        }
        if let last = report.lastRecorded, record.recorded < last {
            return "recorded time \(record.recorded) is earlier than the record before (\(last)); the ledger "
                + "clock never goes back"
        }
        var unique = [Name(.event, record.id)]
        if let e = record.event.entity { unique.append(Name(.entity, e.id)) }
        if let b = record.event.ban { unique.append(Name(.ban, b.id)) }
        for name in unique where !defined.insert(name.key).inserted {
            return "\(name.space.rawValue) \(name.value) is defined a second time (the log holds a duplicate)"
        }
        return nil
    }

    /// Removes an incomplete last line (left by a crash mid-write), and nothing else. With
    /// `dryRun`, only reports what it would remove.
    public func repair(dryRun: Bool) throws -> RepairReport {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        var report = RepairReport()
        guard let last = try Segment.list(in: layout.events).last else { return report }
        let file = try PosixFile(path: last.path, flags: dryRun ? O_RDONLY : O_RDWR)
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
