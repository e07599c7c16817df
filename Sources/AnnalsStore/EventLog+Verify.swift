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
            let name = "Events/" + segment.name
            func fail(_ line: Int, _ problem: String) -> VerifyReport {
                report.defect = .init(segment: name, line: line, seq: expected, problem: problem)
                return report
            }
            if segment.firstSeq != expected {
                return fail(
                    1,
                    "the segment is named for seq \(segment.firstSeq) but the previous records end at seq "
                        + "\(expected - 1) (a segment was removed, renamed or added)"
                )
            }
            var reader = LineReader(file: try PosixFile(path: segment.path, flags: O_RDONLY))
            var linesInSegment = 0
            while let line = try reader.next() {
                guard case .complete(let bytes) = line else {
                    guard case .torn(let torn) = line else { break }
                    let isLast = n == segments.count - 1
                    return fail(
                        reader.lineNumber,
                        "incomplete last line (\(torn) bytes without a final newline)"
                            + (isLast ? "; 'annals repair' removes it" : ""))
                }
                linesInSegment += 1
                let record: Record
                do {
                    record = try RecordCodec.decode(bytes)
                } catch {
                    return fail(reader.lineNumber, error.description)
                }
                if let problem = Self.problem(with: record, expected: expected, after: report, defined: &defined) {
                    return fail(reader.lineNumber, problem)
                }
                report.head = record.hash
                report.lastRecorded = record.recorded
                report.records += 1
                expected += 1
                if report.records % 10_000 == 0 { progress(report.records) }
            }
            if linesInSegment == 0 && n != segments.count - 1 {
                return fail(1, "an empty segment in the middle of the log")
            }
        }
        progress(report.records)
        return report
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
            let body = tail.dropLast()
            let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
            if !body.isEmpty,
                case .failure(let problem) = Result(catching: { () throws(RecordCodec.Problem) in
                    try RecordCodec.decode(body[start...])
                })
            {
                var lines = 0
                var reader = LineReader(file: file)
                while let line = try reader.next() { if case .complete = line { lines += 1 } }
                throw StoreError.corrupt(
                    segment: "Events/" + last.name, line: lines, seq: last.firstSeq + Int64(lines) - 1,
                    problem: "its last line is complete but not a valid record (\(problem.description)); "
                        + "'annals repair' removes only an incomplete line left by a crash")
            }
            return report
        }
        guard let nl = tail.lastIndex(of: 0x0A) ?? (window == size ? -1 : nil) else {
            throw StoreError.corrupt(
                segment: "Events/" + last.name, line: 0, seq: 0,
                problem: "the last line is longer than any record; not removing it")
        }
        let keep = size - window + nl + 1
        var lines = 0
        var reader = LineReader(file: file)
        while let line = try reader.next() { if case .complete = line { lines += 1 } }
        report.segment = "Events/" + last.name
        report.line = lines + 1
        report.removedBytes = size - keep
        report.preview = String(decoding: tail[(nl + 1)...].prefix(60), as: UTF8.self)
        if !dryRun {
            try file.truncate(to: keep)
            try file.sync()
        }
        return report
    }
}
