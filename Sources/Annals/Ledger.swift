import AnnalsAdapters
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem
import Foundation

/// The use cases of Annals, one method each, for the CLI and for programs embedding it.
public final class Ledger: @unchecked Sendable {
    public let layout: LedgerLayout
    public let log: EventLog
    /// The settings this ledger runs with (see ``Options``).
    public let options: Options

    public init(layout: LedgerLayout, options: Options = Options()) {
        self.layout = layout
        self.options = options
        self.log = EventLog(layout: layout)
        log.notice = { [weak self] in self?.notice($0) }
        if let n = options.segmentBytes, n > 0 { log.segmentLimit = n }
        if let t = options.lockTimeout, t >= 0 { log.lockTimeout = t }
        // For crash tests: write a batch's sealed records out in smaller pieces than 4 MiB.
        if let n = options.flushBytes, n > 0 { log.flushBytes = n }
    }

    /// The ledger at `options.ledgerPath`, or the nearest one at or above the current directory.
    public static func open(options: Options = Options()) throws -> Ledger {
        let layout =
            try options.ledgerPath.map { (p) throws(StoreError) in try LedgerLayout.at(p) }
            ?? LedgerLayout.discover(from: try FileSystem.currentDirectory())
        return Ledger(layout: layout, options: options)
    }

    /// Creates an empty ledger (`Events/`, `Snapshots/`, `.annals/`) in `path`.
    public static func create(at path: String, options: Options = Options()) throws -> Ledger {
        Ledger(layout: try LedgerLayout.create(at: path), options: options)
    }

    // MARK: Appending

    /// Appends the events in `input` (one JSON object, an array, or JSON Lines). JSON Lines are
    /// parsed and prepared on worker threads (see ``PreparePipeline``).
    public func append(input: [UInt8], recorder: String?, dryRun: Bool = false) throws -> AppendOutcome {
        try append(
            source: { preparer, body in
                var given = false
                let next = {
                    defer { given = true }
                    return given ? nil : input
                }
                try PreparePipeline.forEachItem(reading: next, preparer: preparer, body)
            }, recorder: recorder, dryRun: dryRun, sizeHint: input.count)
    }

    /// Appends the events in the file at `path` (`-` for standard input), read in chunks as the
    /// batch is validated: nothing past the input limits is ever read. A regular file's JSON
    /// Lines (past 1 MiB) are parsed and prepared on worker threads, a chunk ahead of the
    /// validator; a pipe is read one line at a time, so a bad line stops the reading at once.
    /// `listsEach: false` reports only the count and the first and last event (bounded memory).
    public func append(file path: String, recorder: String?, dryRun: Bool = false, listsEach: Bool = true) throws
        -> AppendOutcome
    {
        let input = try InputFile(path: path)
        // Worker threads pay off past a few thousand lines; a small file is read on this thread.
        let pipelined = input.sizeHint > 1 << 20
        return try append(
            source: { preparer, body in
                if pipelined {
                    try PreparePipeline.forEachItem(reading: { try input.next() }, preparer: preparer, body)
                } else {
                    try InputParser.forEachItem(reading: { try input.next() }, body)
                }
            },
            recorder: recorder, dryRun: dryRun, sizeHint: input.sizeHint, listsEach: listsEach)
    }

    /// Appends already-parsed items (the CLI's flag form builds one object).
    public func append(items: [BatchValidator.Item], recorder: String?, dryRun: Bool = false) throws
        -> AppendOutcome
    {
        // Items held in memory already: their batch's names are kept in memory too (about 1 KB each).
        try append(
            source: { _, body in for item in items { try body(item) } }, recorder: recorder, dryRun: dryRun,
            sizeHint: max(1, items.count) << 10)
    }

    private func append(
        source: EventLog.PreparingItemSource, recorder: String?, dryRun: Bool, sizeHint: Int = 0,
        listsEach: Bool = true
    ) throws -> AppendOutcome {
        let (who, fromGit) = try resolveRecorder(recorder)
        try EventDecoder.checkRecorder(who)
        let outcome = try log.append(
            preparing: source, recorder: who, now: Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)),
            dryRun: dryRun, sizeHint: sizeHint, listsEach: listsEach)
        if fromGit && !dryRun && outcome.count > 0 { noteRecorderFromGit(who) }
        return outcome
    }

    /// Says once per clone and name that the recorder came from git's `user.name`, since nothing
    /// else on the command line named it.
    private func noteRecorderFromGit(_ name: String) {
        let marker = layout.state + "/recorder-from-git"
        let known = (try? FileSystem.read(marker)).map { String(decoding: $0, as: UTF8.self) }
        guard known != name else { return }
        notice(
            "recorded as \"\(name)\", git's user.name (choose with --recorder or ANNALS_RECORDER); said once per name")
        try? FileSystem.writeAtomically(Array(name.utf8), to: marker)
    }

    /// `--recorder`, then `ANNALS_RECORDER`, then git's `user.name` (as ``options`` give them).
    func resolveRecorder(_ explicit: String?) throws -> (name: String, fromGit: Bool) {
        if let explicit { return (explicit, false) }
        if let given = options.recorder, !given.isEmpty { return (given, false) }
        if let git = options.recorderFromGit(), !git.isEmpty { return (git, true) }
        throw ValidationError(
            field: "recorder", problem: "no recorder is known for this append",
            fix: "pass --recorder \"Your Name\", set ANNALS_RECORDER, or set git's user.name")
    }

    /// Git's `user.name` as `git config user.name` prints it, or nil: what the CLI gives
    /// ``Options/recorderFromGit``.
    @Sendable public static func gitUserName() -> String? {
        guard let result = try? ChildProcess.run(["git", "config", "user.name"]), result.succeeded else { return nil }
        return String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Reading the log

    /// Streams the records that match `filter`, in log order.
    public func records(matching filter: LogFilter, _ body: (Record) throws -> Bool) throws {
        try log.forEachRecord(after: filter.afterSeq ?? 0) { record in
            if let through = filter.throughSeq, record.seq > through { return false }
            return filter.matches(record) ? try body(record) : true
        }
    }

    /// The log as it stands: its origin, last seq and chain head, what `log` and `entities` output is stamped with.
    public func logState() throws -> LedgerState {
        let tail = try log.tail()
        try checkNotShorterThanPublished(records: tail.seq)
        return LedgerState(origin: try LedgerConfig.load(layout)?.origin, seq: tail.seq, head: tail.hash)
    }

    /// The seq a `--since` point names: a seq from 0 to the last, or an event id (or a unique prefix).
    public func seq(since ref: String) throws -> Int64 {
        guard let seq = Int64(ref) else { return try record(ref).seq }
        let last = try log.lastSeq()
        guard seq >= 0, seq <= last else {
            throw LookupError(
                what: "seq \(ref)",
                fix: "give a seq from 0 to \(last), the last in this log (or the id of the last event you have)")
        }
        return seq
    }

    /// The record named by an event id (or a unique prefix of one) or a seq number.
    public func record(_ ref: String) throws -> Record {
        if let seq = Int64(ref) {
            guard seq >= 1, let record = try log.record(seq: seq) else {
                throw LookupError(
                    what: "seq \(ref)", fix: "give a seq between 1 and the last ('annals log --format jsonl | tail -1')"
                )
            }
            return record
        }
        guard ref.hasPrefix("ev_"), ref.count >= 7 else {
            throw LookupError(what: "'\(ref)'", fix: "give an event id (ev_…, at least 4 hex digits) or a seq number")
        }
        // Found through the projection's id index, then read from the log by seq.
        let found = try reader().events(idPrefix: ref).map { try log.findRecord(seq: $0) }.filter {
            $0.id.hasPrefix(ref)
        }
        guard found.count == 1 else {
            throw LookupError(
                what: "event \(ref)",
                fix: found.isEmpty ? "check the id with 'annals log'" : "the prefix is ambiguous; give more digits")
        }
        return found[0]
    }

    /// The corrections and retractions that amend `record`, in log order.
    /// Found through the projection, then read from the log by seq (O(log n) each).
    public func amendments(of record: Record) throws -> [Record] {
        try reader().amendments(ofSeq: record.seq).map { try log.findRecord(seq: $0) }
    }

    /// The event of `record` as it now stands: its corrections applied in log order, or retracted.
    public func amendedEvent(_ record: Record) throws -> AmendedEvent {
        AmendedEvent(original: record, amendments: try amendments(of: record))
    }

    /// Every registered entity with its aliases, in id order.
    public func entities() throws -> [EntityInfo] {
        // Found through the projection, then each registration read from the log by seq.
        let entities = try reader().registeredEntities().compactMap { _, seq -> EntityInfo? in
            let record = try log.findRecord(seq: seq)
            guard let e = record.event.entity else { return nil }
            return EntityInfo(
                id: e.id, kind: e.kind, name: e.name, aliases: e.aliases, names: e.names, seq: record.seq,
                eventID: record.id)
        }
        return entities.sorted { $0.id < $1.id }
    }

    // MARK: Projections

    /// Called with one-line notices about slow or unusual work (a projection rebuild and why).
    public var notice: @Sendable (String) -> Void = { _ in }
    /// Answer reads at other moments by replaying the log into memory, as Annals did before
    /// the bitemporal projection: the reference the benchmarks compare the queries with.
    public var replaysReads = false

    /// The projection at `moment`: the live database caught up with the log (rebuilt when it
    /// cannot be trusted, with a notice saying why), its views showing that moment.
    public func reader(at moment: Moment = .init(), progress: (Int64) -> Void = { _ in }) throws
        -> Reader
    {
        let result = try ProjectionStore.catchUp(log, progress: progress)
        if let why = result.rebuiltBecause {
            notice(
                "built the projection database .annals/annals.sqlite from \(result.applied) record"
                    + (result.applied == 1 ? "" : "s") + " (\(why))")
        }
        let records = try log.tail().seq
        try checkNotShorterThanPublished(records: records)
        try checkMoment(moment, records: records)
        if !moment.isNow && replaysReads { return try ProjectionStore.replay(log, moment: moment, progress: progress) }
        return try ProjectionStore.openReader(layout, at: moment)
    }

    /// Refuses a moment past the end of a log of `records` records.
    func checkMoment(_ moment: Moment, records: Int64) throws(MomentError) {
        if let seq = moment.knownAtSeq, seq > records { throw MomentError(knownAtSeq: seq, records: records) }
    }

    /// Writes a complete projection database of `moment` to `path`, for any SQLite tool.
    /// Refuses a path inside the ledger's own folders, and an existing file unless `force`
    /// (even then, only an Annals projection is replaced). Returns the last seq it includes.
    public func replay(
        _ moment: Moment, to path: String, force: Bool = false,
        progress: (Int64) -> Void = { _ in }
    ) throws -> Int64 {
        let resolved = try OutputPath.check(path, layout: layout, force: force)
        try OutputPath.checkWritable(folderOf: resolved)
        _ = try reader(progress: progress)
        try checkMoment(moment, records: try log.tail().seq)
        return try ProjectionStore.copy(layout, moment: moment, to: resolved)
    }

    // MARK: Integrity

    /// Checks every record and the chain, then that no record this clone has seen is missing:
    /// a log shorter than the name index last covered fails (unless `Events/` is exactly as git
    /// committed it, as after switching to a branch with fewer events; then it is a note).
    public func verify(progress: (Int64) -> Void = { _ in }) throws -> VerifyReport {
        var report = try log.verify(progress: progress)
        guard report.ok, let seen = log.lastSeen(), seen.seq > report.records else { return report }
        let missing =
            "the log ends at seq \(report.records), but this clone had seen it up to seq \(seen.seq) "
            + "(chain head \(seen.hash.prefix(12))…)"
        if let git = try? GitRepository(holding: layout), let status = try? git.eventsStatus(), status.isEmpty {
            report.notes.append(
                missing + "; Events/ is as git committed it (another branch or an older revision), so "
                    + "this is not a defect. 'annals repair --reindex' makes this the log .annals/ expects")
            return report
        }
        report.defect = .init(
            segment: "Events/", line: 0, seq: report.records + 1,
            problem: missing + ": \(seen.seq - report.records) of them were removed, or Events/ was checked out at an "
                + "older revision or rebased. Fix: restore Events/ (from git, or a copy); after a checkout or rebase "
                + "you meant, run 'annals repair --reindex' to reset .annals/ to this log")
        return report
    }

    /// Rebuilds `.annals/`'s name index from `Events/` as it is now (every record checked).
    public func reindex() throws -> Int64 {
        try log.reindex()
    }

    public func repair(dryRun: Bool) throws -> RepairReport {
        try log.repair(dryRun: dryRun)
    }
}
