import AnnalsCore
import AnnalsStore
import AnnalsSystem
import Foundation

/// One `import csv` run under the ledger's exclusive lock: the sheet's rows become event lines
/// of a scratch JSON Lines file, which is then appended as one batch. Memory stays bounded
/// whatever the number of rows: external ids go to a table on disk (``ScratchKeyTable``), each
/// scratch line's row and line numbers to a scratch file of 16 bytes a row, and the sheet and
/// the scratch file are refused past ``Limits/batchBytes`` (the limit of one batch).
final class SheetImport {
    let ledger: Ledger
    let path: String
    let mapping: ImportMapping
    let delimiter: UInt8
    let dryRun: Bool
    let limit: Int
    let scratch: ScratchFile
    let places: ScratchFile
    private var ids: ScratchKeyTable
    var report: ImportReport
    var likely = LikelyDuplicates()
    var known = LikelyDuplicates.Ledger()
    private var mapper: ImportRowMapper?
    /// The ledger's entity names and aliases (as the name index keys them) with their ids, so a
    /// row that names an actor as the append would is compared after the same resolution.
    private var entityNames: [String: String] = [:]
    private var events = 0
    private var buffer: [UInt8] = []
    private var placeBuffer: [UInt8] = []

    /// Rows listed in the report per kind (already imported, changed) when not every one is asked for.
    static let listedRows = 1000

    init(
        ledger: Ledger, path: String, mapping: ImportMapping, delimiter: UInt8, dryRun: Bool, listsEach: Bool
    ) throws {
        self.ledger = ledger
        self.path = path
        self.mapping = mapping
        self.delimiter = delimiter
        self.dryRun = dryRun
        limit = Self.limit(ledger.options.importLimitBytes)
        let state = ledger.layout.state
        scratch = try ScratchFile(in: state, suffix: "jsonl")
        places = try ScratchFile(in: state, suffix: "rows")
        // Two entries (seq and id) per logged event at most, so loading the ledger's ids never grows the table.
        let logged = mapping.externalID == nil ? 0 : Int(try ledger.log.tail().seq)
        ids = try ScratchKeyTable(in: state, capacityFor: 2 * logged)
        report = ImportReport(dryRun: dryRun)
        report.listLimit = listsEach ? Int.max : Self.listedRows
        buffer.reserveCapacity(1 << 20)
    }

    /// The most bytes the sheet and its scratch file may hold: one batch's, lowered (never raised)
    /// by `asked` (``Ledger/Options/importLimitBytes``, for tests).
    static func limit(_ asked: Int?) -> Int {
        min(Limits.batchBytes, max(asked ?? Limits.batchBytes, 1))
    }

    /// Removes the scratch files.
    func remove() {
        scratch.remove()
        places.remove()
        ids.remove()
    }

    /// Lets the external-id table go once the sheet is read: its pages are not needed by the append.
    private func dropIDs() throws {
        ids.remove()
        ids = try ScratchKeyTable(in: ledger.layout.state)
    }

    // MARK: Steps

    /// Runs the import: the ledger's external ids, the sheet into the scratch file, the append.
    func run(recorder: String?, listsEach: Bool) throws -> ImportReport {
        try loadLedgerIDs()
        try convertSheet()
        try dropIDs()
        if events == 0 { return report }
        let outcome: EventLog.AppendOutcome
        do {
            outcome = try ledger.append(file: scratch.path, recorder: recorder, dryRun: dryRun, listsEach: listsEach)
        } catch let e as ValidationError {
            throw try rowError(e)
        }
        report.appendedCount = outcome.count
        report.appended = try outcome.appended.map {
            let (r, l) = try place($0.location)
            return ImportReport.Row(record: r, line: l, id: $0.id, seq: $0.seq)
        }
        report.duplicates = try outcome.duplicates.map {
            let (r, l) = try place($0.location)
            return ImportReport.Row(record: r, line: l, id: $0.id, seq: $0.existingSeq)
        }
        return report
    }

    /// Every external id the log holds, with its seq and a hash of its event's id, into the table
    /// (when the mapping gives external ids), and for a dry run each event's date, title and URLs.
    private func loadLedgerIDs() throws {
        let mapsIDs = mapping.externalID != nil
        guard mapsIDs || dryRun else { return }
        try ledger.log.forEachRecord(from: 1) { r in
            if mapsIDs, let e = r.event.entity {
                for text in [e.name] + e.aliases + e.names.map(\.text) {
                    entityNames[Name.alias(text).value] = entityNames[Name.alias(text).value] ?? e.id
                }
            }
            if mapsIDs, let ext = r.event.externalID {
                try ids.insert(ext, in: "seq", value: r.seq)
                try ids.insert(ext, in: "id", value: Self.idHash(r.id))
            }
            if dryRun, r.event.type != .entity {
                known.add(
                    date: r.event.occurred.description, title: r.event.title,
                    urls: r.event.sources.compactMap(\.url), label: "\(r.id) (seq \(r.seq))")
            }
            return true
        }
    }

    /// Reads the sheet (at most ``limit`` bytes) into the scratch file.
    private func convertSheet() throws {
        var parser = CSVParser(delimiter: delimiter)
        let input = try InputFile(path: path)
        var read = 0
        while let chunk = try input.next() {
            read += chunk.count
            if read > limit { throw tooLarge("the sheet is larger than \(limit) bytes") }
            try parser.feed(chunk) { try handle($0) }
        }
        try parser.finish { try handle($0) }
        try flush()
        if mapper == nil {
            throw ImportError(
                place: UserText.escaped(path), problem: "the sheet is empty", fix: "give a header row and event rows")
        }
    }

    private func tooLarge(_ problem: String) -> ImportError {
        ImportError(
            place: UserText.escaped(path), problem: problem + ", the most one batch may be",
            fix: "split the sheet into smaller sheets and import each")
    }

    /// One record of the sheet: the header binds the mapping; a row becomes one scratch line.
    private func handle(_ row: CSVParser.Row) throws {
        guard let m = mapper else {
            mapper = try ImportRowMapper(
                mapping: mapping, header: row.strings, headerRecord: row.record, line: row.line)
            return
        }
        report.rows += 1
        let (json, _) = try m.event(row)
        withUnsafeBytes(of: Int64(row.record).littleEndian) { placeBuffer += $0 }
        withUnsafeBytes(of: Int64(row.line).littleEndian) { placeBuffer += $0 }
        if let ext = json["external_id"]?.stringValue, try skipsLogged(ext, json: json, row: row) {
            buffer.append(0x0A)
        } else {
            events += 1
            if dryRun { likely.check(json, record: row.record, line: row.line, ledger: known, into: &report) }
            buffer += CanonicalJSON.encode(json)
            buffer.append(0x0A)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Refuses an external id the sheet repeats; true when it is logged already (the row is skipped).
    private func skipsLogged(_ ext: String, json: JSONValue, row: CSVParser.Row) throws -> Bool {
        if let first = ids.value(of: ext, in: "row") {
            throw ImportError.row(
                row.record, line: row.line, column: mapping.externalID?.column, value: ext,
                problem: "row \(first) has the same external id", fix: "give each row its own external id")
        }
        try ids.insert(ext, in: "row", value: Int64(row.record))
        guard let seq = ids.value(of: ext, in: "seq") else { return false }
        let id = (try? EventDecoder.decode(json)).map { RecordCodec.eventID(resolvingNames($0)) }
        if let id, ids.value(of: ext, in: "id") == Self.idHash(id) {
            report.addAlreadyImported(.init(record: row.record, line: row.line, id: id, seq: seq, externalID: ext))
        } else {
            let logged = try loggedID(seq)
            report.addChanged(.init(record: row.record, line: row.line, id: logged, seq: seq, externalID: ext))
        }
        return true
    }

    /// `event` with actors given by name or alias named by id, as the append will log them.
    private func resolvingNames(_ event: Event) -> Event {
        func resolved(_ actors: [ActorRef]) -> [ActorRef] {
            actors.map { a in
                guard Identifiers.entityKind(a.entity) == nil, let id = entityNames[Name.alias(a.entity).value] else {
                    return a
                }
                var named = a
                named.entity = id
                return named
            }
        }
        var e = event
        e.actors = resolved(e.actors)
        if let actors = e.amends?.set?.actors { e.amends?.set?.actors = resolved(actors) }
        return e
    }

    /// Writes the scratch lines and row places gathered so far, refusing past ``limit``.
    private func flush() throws {
        if scratch.size + buffer.count > limit {
            throw tooLarge("the sheet's events come to more than \(limit) bytes")
        }
        try scratch.write(buffer)
        try places.write(placeBuffer)
        buffer.removeAll(keepingCapacity: true)
        placeBuffer.removeAll(keepingCapacity: true)
    }

    // MARK: Places

    /// The id of the event logged at `seq` (a changed row's: rare, so read from the log).
    private func loggedID(_ seq: Int64) throws -> String {
        var id = ""
        try ledger.log.forEachRecord(after: seq - 1) { r in
            id = r.id
            return false
        }
        return id
    }

    static func idHash(_ id: String) -> Int64 {
        Digest.sha256(parts: "import-id", id).withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
    }

    /// The scratch line number in an append location ("line 12"), if it is one.
    private func scratchLine(_ location: String) -> Int? {
        guard location.hasPrefix("line "), let n = Int(location.dropFirst(5)), n >= 1, n <= report.rows else {
            return nil
        }
        return n
    }

    /// The sheet's record and line for an append location; (0, 0) when it names no scratch line.
    private func place(_ location: String) throws -> (Int, Int) {
        guard let n = scratchLine(location) else { return (0, 0) }
        let raw = try places.read(at: (n - 1) * 16, count: 16)
        guard raw.count == 16 else { return (0, 0) }
        return raw.withUnsafeBytes {
            (
                Int(Int64(littleEndian: $0.loadUnaligned(as: Int64.self))),
                Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: Int64.self)))
            )
        }
    }

    /// An append error for scratch line N, told as the sheet's row, line and column.
    private func rowError(_ e: ValidationError) throws -> Error {
        guard scratchLine(e.location) != nil else { return e }
        let (record, line) = try place(e.location)
        let columns = try columns(ofRecord: record)
        let column = ImportRowMapper.column(for: e.field, in: columns)
        let fieldNote = column == nil ? " (field '\(e.field)', from the mapping's constants)" : " (field '\(e.field)')"
        var out = ImportError.row(
            record, line: line, column: column, value: nil, problem: e.problem + fieldNote, fix: e.fix)
        out.value = e.value
        return out
    }

    /// Which column gave each event field of sheet record `record`: the sheet read again up to it.
    private func columns(ofRecord record: Int) throws -> [String: String] {
        var columns: [String: String] = [:]
        var mapper: ImportRowMapper?
        var parser = CSVParser(delimiter: delimiter)
        let input = try InputFile(path: path)
        struct Found: Error {}
        var read = 0
        do {
            while let chunk = try input.next(), read <= limit {
                read += chunk.count
                try parser.feed(chunk) { row in
                    guard let m = mapper else {
                        mapper = try ImportRowMapper(mapping: mapping, header: row.strings)
                        return
                    }
                    if row.record == record {
                        columns = try m.event(row).columns
                        throw Found()
                    }
                }
            }
        } catch is Found {}
        return columns
    }
}
