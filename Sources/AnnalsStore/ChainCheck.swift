import AnnalsCore
import AnnalsSystem

/// The checks of `verify` that depend on what came before, run on the workers' results in log
/// order: segment names, seq order, the `prev` chain, the ledger clock and names defined twice.
/// The first defect in log order is the one reported, whatever a worker found later.
struct ChainCheck {
    let segments: [Segment]
    /// The seq the next record must have.
    private(set) var expected: Int64 = 1
    private(set) var records: Int64 = 0
    private(set) var head = ChainHash.genesis
    private(set) var lastRecorded: Timestamp?
    // Names a record may define only once: its id, an entity, a ban (the validator refuses
    // repeats, so a repeat means the log was written by something else).
    private var defined = Set<NameKey>()
    private var linesInSegment = 0

    init(segments: [Segment]) { self.segments = segments }

    /// Checks the records of `result` after those taken before; returns the first defect, or
    /// throws what stopped the reading (an unreadable file, a line longer than any record).
    /// `progress` gets records checked so far, every 10,000.
    mutating func take(_ result: VerifyChunkResult, progress: (Int64) -> Void) throws -> VerifyReport.Defect? {
        let chunk = result.chunk
        let segment = segments[chunk.segment]
        if chunk.startsSegment {
            linesInSegment = 0
            if segment.firstSeq != expected {
                let problem =
                    "the segment is named for seq \(segment.firstSeq) but the previous records end at seq "
                    + "\(expected - 1) (a segment was removed, renamed or added)"
                return defect(in: segment, line: 1, problem)
            }
        }
        if let failure = chunk.failure { throw failure }
        for (i, facts) in result.records.enumerated() {
            if let problem = problem(with: facts, at: i, of: chunk) {
                return defect(in: segment, line: linesInSegment + 1, problem)
            }
            linesInSegment += 1
            head = facts.hash
            lastRecorded = facts.recorded
            records += 1
            expected += 1
            if records % 10_000 == 0 { progress(records) }
        }
        let isLast = chunk.segment == segments.count - 1
        switch result.stop {
        case .invalid(let problem):
            return defect(in: segment, line: linesInSegment + 1, problem)
        case .torn(let torn):
            let repair = isLast ? "; 'annals repair' removes it" : ""
            return defect(
                in: segment, line: linesInSegment + 1,
                "incomplete last line (\(torn) bytes without a final newline)" + repair)
        case .overlong:
            throw StoreError.corrupt(
                segment: segment.path, line: linesInSegment + 1, seq: 0,
                problem: "a line longer than \(LineReader.maxLine) bytes")
        case nil:
            break
        }
        if chunk.endsSegment && linesInSegment == 0 && !isLast {
            return defect(in: segment, line: 1, "an empty segment in the middle of the log")
        }
        return nil
    }

    private func defect(in segment: Segment, line: Int, _ problem: String) -> VerifyReport.Defect {
        .init(segment: "Events/" + segment.name, line: line, seq: expected, problem: problem)
    }

    /// What is wrong with record `facts`, line `index` of `chunk`, at place `expected`, or nil
    /// when it fits.
    private mutating func problem(with facts: RecordFacts, at index: Int, of chunk: VerifyChunk) -> String? {
        if facts.seq != expected {
            return "the record says seq \(facts.seq), but its place in the log is seq \(expected) (a record was "
                + "deleted, duplicated or reordered)"
        }
        if facts.prev != head {
            return "broken chain: prev is \(facts.prev.hex.prefix(12))…, but the record before hashes to "
                + "\(head.hex.prefix(12))…"
        }
        if let last = lastRecorded, facts.recorded < last {
            return "recorded time \(facts.recorded) is earlier than the record before (\(last)); the ledger "
                + "clock never goes back"
        }
        guard let n = firstRepeat(facts.names) else { return nil }
        // Rare: the line is decoded again for the name's words.
        let record = try? RecordCodec.decode(chunk.line(index)!)
        let name = record.map { RecordFacts.uniqueNames(of: $0)[n] }
        return "\(name?.space.rawValue ?? "name") \(name?.value ?? "") is defined a second time (the log holds a "
            + "duplicate)"
    }

    /// Adds `names` to the defined ones; the place (among those present) of the first that was
    /// there already, or nil.
    private mutating func firstRepeat(_ names: (NameKey, NameKey?, NameKey?)) -> Int? {
        if !defined.insert(names.0).inserted { return 0 }
        var n = 0
        for key in [names.1, names.2] {
            guard let key else { continue }
            n += 1
            if !defined.insert(key).inserted { return n }
        }
        return nil
    }
}
