import AnnalsCore
import AnnalsSystem

/// The append-only, hash-chained log in `Events/`.
///
/// Appends validate each event before it is sealed and stream the sealed records into the last
/// segment under an exclusive file lock, reading only the tail of the last segment and the name
/// index. A batch commits as a whole (see ``AppendJournal``): a refused, failed or killed batch
/// leaves the log as it was. Readers take a shared lock, so they never see a batch in progress.
public final class EventLog: @unchecked Sendable {
    public let layout: LedgerLayout
    /// A new segment starts once the current one reaches this size; a batch is never split.
    public var segmentLimit: Int
    /// Seconds to wait for another process's lock before failing with `busy`.
    public var lockTimeout: Double
    /// Called with one-line notices about slow, unusual work (rebuilding the name index).
    public var notice: @Sendable (String) -> Void = { _ in }

    public static let defaultSegmentLimit = 8 << 20
    /// A batch's sealed records are written out whenever this many bytes are waiting.
    public var flushBytes = EventLog.defaultFlushBytes
    public static let defaultFlushBytes = 4 << 20

    public init(layout: LedgerLayout, segmentLimit: Int = EventLog.defaultSegmentLimit, lockTimeout: Double = 30) {
        self.layout = layout
        self.segmentLimit = segmentLimit
        self.lockTimeout = lockTimeout
    }

    /// The last record of the log, as the append path needs it.
    public struct Tail: Sendable {
        public var seq: Int64
        public var hash: String
        public var recorded: Timestamp?
        static let empty = Tail(seq: 0, hash: Digest.genesis, recorded: nil)
    }

    public struct AppendOutcome: Sendable {
        public struct Appended: Sendable {
            public var location: String
            public var seq: Int64
            public var id: String
        }
        /// Every appended event, unless the append was asked not to list each (then empty).
        public var appended: [Appended]
        public var duplicates: [Duplicate]
        public var recorded: Timestamp?
        /// How many events were appended, and the first and last of them.
        public private(set) var count = 0
        public private(set) var first: Appended?
        public private(set) var last: Appended?
        var listsEach = true

        init(appended: [Appended], duplicates: [Duplicate], recorded: Timestamp?) {
            self.appended = appended
            self.duplicates = duplicates
            self.recorded = recorded
        }

        mutating func add(_ event: Appended) {
            count += 1
            if first == nil { first = event }
            last = event
            if listsEach { appended.append(event) }
        }
    }

    // MARK: Locks

    /// The exclusive lock ``withExclusiveLock(_:)`` holds: while it is held, this log's own
    /// operations take no lock of their own (a second `flock` on the file would wait for it).
    private var held: FileLock?

    /// Runs `body` under the ledger's exclusive lock, through which this log's operations run
    /// unlocked: so a use case can write scratch files in `.annals/` and append them as one step
    /// (a scratch file present when the exclusive lock is taken is stale; see ``ScratchFile``).
    public func withExclusiveLock<T>(_ body: () throws -> T) throws -> T {
        if held != nil { return try body() }
        held = try lock(.exclusive)
        defer { held = nil }
        return try body()
    }

    func lock(_ mode: FileLock.Mode) throws(StoreError) -> FileLock? {
        if held != nil { return nil }
        do {
            try layout.ensureStateDirectory()
        } catch {
            if mode == .shared { return nil }  // a read-only checkout can still be read
            throw error
        }
        let lock = try FileLock(path: layout.lockFile, mode: mode, timeout: lockTimeout)
        // An armed journal under a lock we hold means its writer died mid-batch: roll it back
        // (under the exclusive lock) before anything reads or writes the log.
        if AppendJournal.armed(at: layout.journal) != nil {
            if mode == .shared { try lock.convert(to: .exclusive, timeout: lockTimeout) }
            try rollBackUncommitted()
            if mode == .shared { try lock.convert(to: .shared, timeout: lockTimeout) }
        }
        // Scratch files are written only under the exclusive lock: any found now are a killed writer's.
        if mode == .exclusive { ScratchFile.sweep(in: layout.state) }
        return lock
    }

    // MARK: Appending

    /// Produces the items of a batch one at a time (so a large input is never held as a tree).
    public typealias ItemSource = ((BatchValidator.Item) throws -> Void) throws -> Void

    /// Validates every item against the log and appends the new ones as one atomic, durable batch.
    /// Items already in the log are reported as duplicates and skipped. A dry run writes nothing.
    /// `sizeHint` (the input's size in bytes, when known; 0 if not) sizes the buffers and decides
    /// whether the batch's names are kept in memory or on disk. `listsEach: false` keeps only the count and the first and last appended event in the
    /// outcome, so memory stays bounded for batches of any size.
    /// The source is given the ``ItemPreparer`` of this batch, to prepare items with when it can.
    public func append(
        preparing items: PreparingItemSource, recorder: String, now: Timestamp, dryRun: Bool = false,
        sizeHint: Int = 0, listsEach: Bool = true
    ) throws -> AppendOutcome {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        let segments = try Segment.list(in: layout.events)
        let tail = try readTail(segments)
        let index = try NameIndex(path: layout.nameIndex)
        let checked = try catchUp(index, to: tail, segments: segments)
        defer { try? saveNameIndexFingerprint(reusing: checked) }

        // Validate and seal each item as it comes, writing sealed records out as they pile up;
        // the batch commits only once all passed (see BatchWriter). A big batch's names (or an input of unknown size's) go to a scratch table on disk, not
        // memory, so a batch of any size fits; a small batch's stay in memory.
        let onDisk = sizeHint == 0 || sizeHint > Self.namesInMemoryBelow
        let batchNames: any BatchNames =
            onDisk ? try NameIndex(scratch: layout.batchNames, capacityFor: sizeHint / 400) : BatchNameSet()
        defer { if onDisk { try? FileSystem.remove(layout.batchNames) } }
        var validator = BatchValidator(
            known: IndexedNames(index: index, log: self, segments: segments), batchNames: batchNames,
            firstSeq: tail.seq + 1)
        let recorded = max(now, tail.recorded ?? now)
        var batch = SealedBatch(
            tail: tail, recorder: recorder, recorded: recorded, sizeHint: sizeHint, listsEach: listsEach)
        let writer =
            dryRun ? nil : try BatchWriter(layout: layout, segments: segments, tail: tail, segmentLimit: segmentLimit)
        var tree = dryRun ? nil : TreeFollower(layout: layout, tail: tail)
        do {
            try items(ItemPreparer(recorder: recorder, recorded: recorded)) { item in
                switch try validator.validate(item, recorded: recorded) {
                case .duplicate(let d):
                    batch.outcome.duplicates.append(d)
                case .event(let prepared):
                    try batch.seal(prepared, carried: item.stamp)
                    if batch.bytes.count >= flushBytes {
                        tree?.add(batch.bytes)
                        if let writer { try writer.write(batch.bytes) }
                        batch.bytes.removeAll(keepingCapacity: true)
                    }
                }
            }
            if batch.outcome.count == 0 { batch.outcome.recorded = nil }
            if dryRun || batch.outcome.count == 0 { return batch.outcome }
            tree?.add(batch.bytes)
            try writer?.commit(batch.bytes)
        } catch {
            writer?.rollBack()
            throw error
        }
        tree?.commit(head: batch.prev)
        try add(batchNames, to: index, coveringSeq: batch.seq, hash: batch.prev)
        return batch.outcome
    }

    /// The records of a batch as they are sealed: their bytes (until written out), the chain so
    /// far, and the outcome to report.
    private struct SealedBatch {
        let recorder: String
        let recorded: Timestamp
        var outcome: AppendOutcome
        var bytes: [UInt8] = []
        var seq: Int64
        var prev: String
        var clock: Timestamp?  // carried records keep their time unless it would run backwards

        /// An empty batch after `tail`, its output buffer sized once from the input's size.
        init(tail: Tail, recorder: String, recorded: Timestamp, sizeHint: Int, listsEach: Bool) {
            self.recorder = recorder
            self.recorded = recorded
            outcome = AppendOutcome(appended: [], duplicates: [], recorded: recorded)
            outcome.listsEach = listsEach
            // Records run ~1.4x their input; the buffer is written out once it holds flushBytes.
            bytes.reserveCapacity(
                min(sizeHint + sizeHint / 2, EventLog.defaultFlushBytes) + Limits.recordBytes + 4096)
            seq = tail.seq
            prev = tail.hash
            clock = tail.recorded
        }

        /// Seals a validated event as the next record (a carried one keeps its stamp), checks its
        /// size, and adds its line and index entries to the batch.
        mutating func seal(_ prepared: PreparedEvent, carried: BatchValidator.Stamp?) throws {
            seq += 1
            var stamp = (recorder: recorder, recorded: recorded)
            if let carried {
                stamp = (carried.recorder, clock.map { max($0, carried.recorded) } ?? carried.recorded)
                clock = stamp.recorded
                outcome.recorded = stamp.recorded
            }
            // Sealed straight into the output buffer from the prepared template when it has one.
            let start = bytes.count
            let hash: String
            if let template = prepared.template, template.recorded == stamp.recorded,
                template.recorder == stamp.recorder
            {
                hash = template.seal(seq: seq, prev: prev, appendingTo: &bytes)
            } else {
                let (record, line) = RecordCodec.seal(
                    prepared.event, id: prepared.id, seq: seq, prev: prev, recorded: stamp.recorded,
                    recorder: stamp.recorder)
                bytes.append(contentsOf: line)
                hash = record.hash
            }
            let length = bytes.count - start
            if length > Limits.recordBytes {
                throw ValidationError(
                    location: prepared.location, field: "",
                    problem:
                        "the record would be \(length) bytes with its seal and recorder; a record may have at "
                        + "most \(Limits.recordBytes)",
                    fix: "shorten the event's texts or split it")
            }
            bytes.append(0x0A)
            prev = hash
            outcome.add(.init(location: prepared.location, seq: seq, id: prepared.id))
        }
    }

    /// Inputs up to this size keep their batch's names in memory.
    static let namesInMemoryBelow = 4 << 20

    /// Puts an appended batch's names in the index, which then covers the log up to `seq`.
    private func add(_ names: any BatchNames, to index: NameIndex, coveringSeq seq: Int64, hash: String) throws {
        try index.markDirty()
        try index.reserve(names.count)
        try names.forEachEntry { key, value in try index.insert(key, seq: value) }
        try index.commit(seq: seq, hash: hash)
    }

    // MARK: The tail

    func readTail(_ segments: [Segment]) throws(StoreError) -> Tail {
        for segment in segments.reversed() {
            let file = try PosixFile(path: segment.path, flags: .readOnly)
            let size = try file.size()
            if size == 0 { continue }
            let window = min(size, Limits.recordBytes + 1)
            let bytes = try file.read(at: size - window, count: window)
            guard bytes.last == 0x0A else {
                let lines = try countLines(segment)
                throw .tornTail(
                    segment: "Events/" + segment.name, line: lines + 1,
                    bytes: size - (try lastNewline(file, size: size)))
            }
            let body = bytes.dropLast()
            let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? (window == size ? 0 : -1)
            guard start >= 0 else {
                throw .corrupt(
                    segment: "Events/" + segment.name, line: try countLines(segment), seq: 0,
                    problem: "the last line is longer than a record may be")
            }
            do {
                let peek = try RecordCodec.peek(body[start...])
                return Tail(seq: peek.seq, hash: peek.hash, recorded: peek.recorded)
            } catch {
                throw .corrupt(
                    segment: "Events/" + segment.name, line: try countLines(segment), seq: 0, problem: error.description
                )
            }
        }
        return .empty
    }

    private func countLines(_ segment: Segment) throws(StoreError) -> Int {
        var reader = LineReader(file: try PosixFile(path: segment.path, flags: .readOnly))
        var n = 0
        while let line = try reader.next() {
            if case .complete = line { n += 1 }
        }
        return n
    }

    /// Offset just after the last newline of the file (0 if none).
    private func lastNewline(_ file: PosixFile, size: Int) throws(StoreError) -> Int {
        var end = size
        while end > 0 {
            let start = max(0, end - (1 << 16))
            let chunk = try file.read(at: start, count: end - start)
            if let nl = chunk.lastIndex(of: 0x0A) { return start + nl + 1 }
            end = start
        }
        return 0
    }

    // MARK: The name index

    /// What a record puts in the name index: each name it defines with its seq, and the value
    /// names with their own values.
    static func indexEntries(_ event: Event, id: String, seq: Int64) -> [(key: NameKey, value: Int64)] {
        event.definedNames(id: id).map { ($0.key, seq) } + event.definedValues(id: id).map { ($0.name.key, $0.value) }
    }

    /// Brings the index up to the tail: O(new records) when it covers a prefix of this log,
    /// a full rebuild when it belongs to another history (merge, rebase, edit).
    /// Returns the fingerprint of `Events/` as checked now (nil when the index was rebuilt).
    @discardableResult
    private func catchUp(_ index: NameIndex, to tail: Tail, segments: [Segment]) throws -> LogFingerprint? {
        // Bytes the index was built from that changed since mean an edited log: rebuilding reads
        // and checks every record again, so an edited one stops the append.
        var rewritten: String?
        var checked: LogFingerprint?
        if index.coveredSeq > 0 || index.count > 0 {
            if let old = LogFingerprint.load(layout.nameIndexFingerprint) {
                let (change, fresh) = try old.refreshed(segments)
                if case .rewritten(let why) = change { rewritten = why } else { checked = fresh }
            } else {
                rewritten = "it keeps no fingerprint of Events/ yet"
            }
        }
        if rewritten == nil && !index.isDirty && index.coveredSeq == tail.seq && index.coveredHash == tail.hash {
            return checked
        }
        var from: Int64 = 1
        if rewritten == nil && !index.isDirty && index.coveredSeq > 0 && index.coveredSeq < tail.seq,
            let covered = try? readRecord(seq: index.coveredSeq, segments: segments), covered.hash == index.coveredHash
        {
            from = index.coveredSeq + 1
        } else {
            if let rewritten {
                notice("rebuilding the name index in .annals/, checking every record: \(rewritten)")
            } else if index.coveredSeq > tail.seq {
                notice(
                    "rebuilding the name index in .annals/: the log now ends at seq \(tail.seq), "
                        + "but the index had seen seq \(index.coveredSeq) (a checkout of another branch, or removed "
                        + "records)"
                )
            } else if index.coveredSeq != 0 || index.count != 0 || index.isDirty {
                notice("rebuilding the name index in .annals/ (it does not match Events/)")
            }
            try index.reset()
        }
        try scan(from: from, segments: segments) { record in
            for (key, value) in Self.indexEntries(record.event, id: record.id, seq: record.seq) {
                try index.insert(key, seq: value)
            }
            return true
        }
        try index.commit(seq: tail.seq, hash: tail.hash)
        return from == 1 ? nil : checked
    }

    /// Records what `Events/` looks like now as what the name index has seen.
    /// Called under the exclusive lock once the index covers the log: the fingerprint then also
    /// keeps the seq and chain hash the index covers, as the high-water mark of this clone.
    private func saveNameIndexFingerprint(reusing checked: LogFingerprint?) throws {
        guard let covered = NameIndex.peekCovered(path: layout.nameIndex) else { return }
        // `checked` was verified under this same exclusive lock: only this process appended since.
        var now = try LogFingerprint.capture(
            try Segment.list(in: layout.events), reusing: checked, trustingGrowth: checked != nil)
        (now.seq, now.head) = covered
        try now.save(layout.nameIndexFingerprint)
    }

    /// The seq and chain hash of the log as this clone's name index last took it in (nil for a
    /// fresh clone). It is kept with the index's fingerprint of `Events/`, which a failed
    /// rebuild leaves as it was.
    public func lastSeen() -> (seq: Int64, hash: String)? {
        guard let fingerprint = LogFingerprint.load(layout.nameIndexFingerprint), fingerprint.seq > 0 else {
            return nil
        }
        return (fingerprint.seq, fingerprint.head)
    }

    /// Rebuilds the name index and its fingerprint from `Events/` as it is now, checking every
    /// record; for a log that was shortened on purpose. Returns the records read.
    public func reindex() throws -> Int64 {
        let lock = try lock(.exclusive)
        defer { withExtendedLifetime(lock) {} }
        let segments = try Segment.list(in: layout.events)
        let tail = try readTail(segments)
        let index = try NameIndex(path: layout.nameIndex)
        try index.reset()
        try index.markDirty()
        try scan(from: 1, segments: segments) { record in
            for (key, value) in Self.indexEntries(record.event, id: record.id, seq: record.seq) {
                try index.insert(key, seq: value)
            }
            return true
        }
        try index.commit(seq: tail.seq, hash: tail.hash)
        try saveNameIndexFingerprint(reusing: nil)
        return tail.seq
    }

    /// The fingerprint of `Events/` now, hashing only segments whose stat differs from `previous`
    /// (without one: from the name index's fingerprint, whose segments are often unchanged since).
    public func fingerprint(reusing previous: LogFingerprint?) throws -> LogFingerprint {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        let base = previous ?? LogFingerprint.load(layout.nameIndexFingerprint)
        return try LogFingerprint.capture(try Segment.list(in: layout.events), reusing: base)
    }

    /// How `Events/` changed since `fingerprint` was taken, and its fingerprint now (the old
    /// one, when it was rewritten).
    public func refresh(_ fingerprint: LogFingerprint) throws -> (LogFingerprint.Change, LogFingerprint) {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try fingerprint.refreshed(try Segment.list(in: layout.events))
    }

    // MARK: Reading

    /// Calls `body` with every record from `seq` on, in order, fully checked (hash, id, event),
    /// until it returns false. Takes a shared lock unless the caller holds one.
    public func forEachRecord(from seq: Int64 = 1, _ body: (Record) throws -> Bool) throws {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        try scan(from: seq, segments: try Segment.list(in: layout.events), body)
    }

    /// Like ``forEachRecord(from:_:)``, starting at a record's place as an earlier scan reported
    /// it (O(new records), not O(log)), and reporting each record's place.
    public func forEachRecord(from position: LogPosition?, _ body: (Record, LogPosition) throws -> Bool) throws {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        try scan(from: position, seq: position?.seq ?? 1, segments: try Segment.list(in: layout.events), body)
    }

    /// Streams records from seq `seq` on (reading only the segments from the one that holds it),
    /// with each record's place.
    public func forEachRecord(startingAt seq: Int64, _ body: (Record, LogPosition) throws -> Bool) throws {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        try scan(from: nil, seq: seq, segments: try Segment.list(in: layout.events), body)
    }

    /// Calls `body` with every record after `seq`, in order, fully checked, until it returns false. The
    /// first is found by bisecting its segment (``LineFinder``), so a point near the end of a large
    /// segment is reached without reading the segment through.
    public func forEachRecord(after seq: Int64, _ body: (Record) throws -> Bool) throws {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        let segments = try Segment.list(in: layout.events)
        let next = seq + 1
        guard let segment = segments.last(where: { $0.firstSeq <= next }), next > segment.firstSeq else {
            return try scan(from: next, segments: segments, body)
        }
        let file = try PosixFile(path: segment.path, flags: .readOnly)
        var finder = LineFinder(file: file, size: try file.size(), segment: segment)
        let start = try finder.start(seq: next)
        let position = LogPosition(segment: segment.firstSeq, offset: start.offset, line: 1, seq: start.seq)
        do {
            try scan(from: position, seq: next, segments: segments) { record, _ in try body(record) }
        } catch StoreError.corrupt(let name, _, let at, let problem) where name == "Events/" + segment.name {
            // Line numbers in this segment are not known after a bisection: the error names the seq.
            throw StoreError.corrupt(segment: name, line: 0, seq: at, problem: problem)
        }
    }

    /// The seq and chain hash of the last record (0 and the genesis hash for an empty log), reading only the tail.
    public func tail() throws -> Tail {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try readTail(try Segment.list(in: layout.events))
    }

    /// The seq of the last record (0 for an empty log), reading only the tail.
    public func lastSeq() throws -> Int64 {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try readTail(try Segment.list(in: layout.events)).seq
    }

    /// The record with sequence number `seq`, or nil.
    public func record(seq: Int64) throws -> Record? {
        let lock = try lock(.shared)
        defer { withExtendedLifetime(lock) {} }
        return try readRecord(seq: seq, segments: try Segment.list(in: layout.events))
    }

    func readRecord(seq: Int64, segments: [Segment]) throws -> Record? {
        var found: Record?
        try scan(from: seq, segments: segments) { record in
            if record.seq == seq { found = record }
            return false
        }
        return found
    }

    func scan(from seq: Int64, segments: [Segment], _ body: (Record) throws -> Bool) throws {
        try scan(from: nil, seq: seq, segments: segments) { record, _ in try body(record) }
    }

    /// Streams records from `position` (a record's place, as an earlier scan reported it), or from
    /// the first record with seq ≥ `seq`; `body` also gets each record's place.
    ///
    /// Records up to `vouched` (a seq and its record's hash, as a fingerprint that still matches
    /// vouches for them) are decoded without recomputing their canonical bytes, id and hash; their
    /// seq, `prev` links and the hash `vouched` names are still checked.
    func scan(
        from position: LogPosition?, seq: Int64, segments: [Segment], vouched: (seq: Int64, hash: String)? = nil,
        _ body: (Record, LogPosition) throws -> Bool
    ) throws {
        let first = try firstSegment(from: position, seq: seq, segments: segments)
        // Each record read after another must name that one's hash as its `prev`: a record edited
        // and re-hashed alone breaks the chain here, not only in `verify`.
        var previous: String? = position == nil && seq <= 1 ? Digest.genesis : nil
        for (n, segment) in segments[first...].enumerated() {
            let resume = n == 0 ? position : nil
            var reader = LineReader(
                file: try PosixFile(path: segment.path, flags: .readOnly),
                startingAt: resume?.offset ?? 0, firstLine: resume?.line ?? 1)
            var expected = resume?.seq ?? segment.firstSeq
            while let line = try reader.next() {
                guard case .complete(let bytes) = line else {
                    throw StoreError.tornTail(
                        segment: "Events/" + segment.name, line: reader.lineNumber, bytes: bytes(of: line))
                }
                defer { expected += 1 }
                if expected < seq { continue }
                let record = try checkedRecord(
                    bytes, seq: expected, previous: previous, segment: segment, line: reader.lineNumber,
                    vouched: vouched.map { expected <= $0.seq } ?? false)
                if let vouched, expected == vouched.seq, record.hash != vouched.hash {
                    throw StoreError.corrupt(
                        segment: "Events/" + segment.name, line: reader.lineNumber, seq: expected,
                        problem: "the record's hash is not the chain head the name index saw at this seq")
                }
                previous = record.hash
                let place = LogPosition(
                    segment: segment.firstSeq, offset: reader.lineOffset, line: reader.lineNumber, seq: expected)
                if try !body(record, place) { return }
            }
        }
    }

    /// The index in `segments` of the segment a scan starts in: the one `position` names, or
    /// the last one starting at or before `seq`.
    private func firstSegment(from position: LogPosition?, seq: Int64, segments: [Segment]) throws -> Int {
        guard let position else { return segments.lastIndex { $0.firstSeq <= max(seq, 1) } ?? 0 }
        guard let i = segments.firstIndex(where: { $0.firstSeq == position.segment }) else {
            throw StoreError.corrupt(
                segment: "Events/" + Segment.name(position.segment), line: position.line, seq: position.seq,
                problem: "the segment is missing")
        }
        return i
    }

    /// Decodes one line of a scan as the record with seq `seq`, checking that it says so and
    /// that its `prev` is `previous` (the hash of the record read before it, if any).
    private func checkedRecord(
        _ bytes: ArraySlice<UInt8>, seq: Int64, previous: String?, segment: Segment, line: Int, vouched: Bool = false
    ) throws -> Record {
        let record: Record
        do {
            record = try RecordCodec.decode(bytes, vouched: vouched)
        } catch {
            throw StoreError.corrupt(
                segment: "Events/" + segment.name, line: line, seq: seq, problem: error.description)
        }
        guard record.seq == seq else {
            throw StoreError.corrupt(
                segment: "Events/" + segment.name, line: line, seq: seq, problem: "the record says seq \(record.seq)")
        }
        if let previous, record.prev != previous {
            throw StoreError.corrupt(
                segment: "Events/" + segment.name, line: line, seq: seq,
                problem: "broken chain: prev is \(record.prev.prefix(12))…, but the record before "
                    + "hashes to \(previous.prefix(12))…")
        }
        return record
    }

    private func bytes(of line: LineReader.Line) -> Int {
        if case .torn(let n) = line { return n }
        return 0
    }
}

/// The log's names as the validator sees them: the index, plus the log itself for the rare
/// questions the index cannot answer alone (what an alias stands for, suggestions).
struct IndexedNames: KnownNames {
    let index: NameIndex
    let log: EventLog
    let segments: [Segment]

    func seq(of key: NameKey) throws -> Int64? { index.seq(of: key) }

    func entity(forAlias alias: String) throws -> String? {
        guard let seq = index.seq(of: Name.alias(alias).key) else { return nil }
        return try log.readRecord(seq: seq, segments: segments)?.event.entity?.id
    }

    func definition(at seq: Int64) throws -> (id: String, event: Event)? {
        try log.readRecord(seq: seq, segments: segments).map { ($0.id, $0.event) }
    }

    func allEntityIDs() throws -> [String] {
        var ids: [String] = []
        try log.scan(from: 1, segments: segments) { record in
            if let e = record.event.entity { ids.append(e.id) }
            return true
        }
        return ids
    }
}
