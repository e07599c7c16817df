import Foundation

extension Ledger {
    /// Imports the rows of the CSV (or TSV) file at `path` as events, as mapped by the JSON file
    /// at `mapPath`: each row becomes one event line of a scratch JSON Lines file under
    /// `.annals/`, which goes through ``append(file:recorder:dryRun:listsEach:)`` like any
    /// batch, so the import is validated first and written all or nothing. Rows whose
    /// `external_id` is already logged are skipped. Errors name the row, line and column.
    public func importCSV(
        path: String, mapPath: String, delimiter: UInt8, recorder: String?, dryRun: Bool, listsEach: Bool = true
    ) throws -> ImportReport {
        let mapBytes = try InputFile.read(mapPath, cap: .mapping)
        let mapJSON: JSONValue
        do { mapJSON = try JSONParser.parse(mapBytes) } catch {
            throw ImportError(
                place: UserText.escaped(mapPath, limit: 200), problem: "the mapping is not valid JSON (\(error))",
                fix: "see the mapping example in the README")
        }
        let mapping = try ImportMapping.decode(mapJSON)
        let known = try knownExternalIDs(alsoEvents: dryRun)
        var report = ImportReport(dryRun: dryRun)
        let scratch = layout.state + "/import-\(getpid()).jsonl"
        guard let out = FileHandle(forWritingAtPath: scratch) ?? create(scratch) else {
            throw ImportError(
                place: scratch, problem: "cannot write the scratch file", fix: "check .annals/ is writable")
        }
        defer { unlink(scratch) }
        var rowOfLine: [Int32] = []
        var lineOfLine: [Int32] = []
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var mapper: ImportRowMapper?
        var seenExternal: [String: Int] = [:]
        var events = 0
        var sheet = LikelyDuplicates()
        var parser = CSVParser(delimiter: delimiter)
        let input = try InputFile(path: path)
        let handle: (CSVParser.Row) throws -> Void = { row in
            guard let m = mapper else {
                mapper = try ImportRowMapper(
                    mapping: mapping, header: row.strings, headerRecord: row.record, line: row.line)
                return
            }
            report.rows += 1
            let (json, _) = try m.event(row)
            rowOfLine.append(Int32(row.record))
            lineOfLine.append(Int32(row.line))
            if let ext = json["external_id"]?.stringValue {
                if let first = seenExternal[ext] {
                    throw ImportError.row(
                        row.record, line: row.line, column: mapping.externalID?.column, value: ext,
                        problem: "row \(first) has the same external id",
                        fix: "give each row its own external id")
                }
                seenExternal[ext] = row.record
                if let logged = known.external[ext] {
                    let id = (try? EventDecoder.decode(json)).map(RecordCodec.eventID)
                    let r = ImportReport.Row(
                        record: row.record, line: row.line, id: logged.id, seq: logged.seq, externalID: ext)
                    if id == logged.id { report.alreadyImported.append(r) } else { report.changed.append(r) }
                    buffer.append(0x0A)
                    return
                }
            }
            events += 1
            if dryRun { sheet.check(json, record: row.record, line: row.line, ledger: known, into: &report) }
            buffer += CanonicalJSON.encode(json)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                out.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while let chunk = try input.next() { try parser.feed(chunk, handle) }
        try parser.finish(handle)
        out.write(Data(buffer))
        try out.close()
        if mapper == nil {
            throw ImportError(place: path, problem: "the sheet is empty", fix: "give a header row and event rows")
        }
        if events == 0 { return report }
        let outcome: EventLog.AppendOutcome
        do {
            outcome = try append(file: scratch, recorder: recorder, dryRun: dryRun, listsEach: listsEach)
        } catch let e as ValidationError {
            throw try rowError(
                e, rowOfLine: rowOfLine, lineOfLine: lineOfLine, path: path, mapping: mapping,
                delimiter: delimiter)
        }
        func place(_ location: String) -> (Int, Int) {
            guard let n = Int(location.dropFirst(5)), n >= 1, n <= rowOfLine.count else { return (0, 0) }
            return (Int(rowOfLine[n - 1]), Int(lineOfLine[n - 1]))
        }
        report.appendedCount = outcome.count
        report.appended = outcome.appended.map {
            let (r, l) = place($0.location)
            return ImportReport.Row(record: r, line: l, id: $0.id, seq: $0.seq)
        }
        report.duplicates = outcome.duplicates.map {
            let (r, l) = place($0.location)
            return ImportReport.Row(record: r, line: l, id: $0.id, seq: $0.existingSeq)
        }
        return report
    }

    private func create(_ path: String) -> FileHandle? {
        FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
    }

    /// An append error for scratch line N, told as the sheet's row, line and column.
    private func rowError(
        _ e: ValidationError, rowOfLine: [Int32], lineOfLine: [Int32], path: String, mapping: ImportMapping,
        delimiter: UInt8
    ) throws -> Error {
        guard e.location.hasPrefix("line "), let n = Int(e.location.dropFirst(5)), n >= 1, n <= rowOfLine.count
        else { return e }
        let record = Int(rowOfLine[n - 1])
        // Read the sheet again up to that row, to learn which column gave the field.
        var columns: [String: String] = [:]
        var mapper: ImportRowMapper?
        var parser = CSVParser(delimiter: delimiter)
        let input = try InputFile(path: path)
        struct Found: Error {}
        let find: (CSVParser.Row) throws -> Void = { row in
            guard let m = mapper else {
                mapper = try ImportRowMapper(mapping: mapping, header: row.strings)
                return
            }
            if row.record == record {
                columns = try m.event(row).columns
                throw Found()
            }
        }
        do {
            while let chunk = try input.next() { try parser.feed(chunk, find) }
        } catch is Found {}
        let column = ImportRowMapper.column(for: e.field, in: columns)
        let fieldNote = column == nil ? " (field '\(e.field)', from the mapping's constants)" : " (field '\(e.field)')"
        var out = ImportError.row(
            record, line: Int(lineOfLine[n - 1]), column: column, value: nil, problem: e.problem + fieldNote, fix: e.fix
        )
        out.value = e.value
        return out
    }

    /// External ids already logged, and (for a dry run) every event's date, title and source URLs.
    func knownExternalIDs(alsoEvents: Bool) throws -> LikelyDuplicates.Ledger {
        var known = LikelyDuplicates.Ledger()
        try log.forEachRecord(from: 1) { r in
            if let ext = r.event.externalID { known.external[ext] = (r.id, r.seq) }
            if alsoEvents, r.event.type != .entity {
                known.add(
                    date: r.event.occurred.description, title: r.event.title,
                    urls: r.event.sources.compactMap(\.url), label: "\(r.id) (seq \(r.seq))")
            }
            return true
        }
        return known
    }
}

/// Likely duplicates for a person to look at: same date and a same source URL, or same date and
/// a title whose normalised words overlap by Jaccard ≥ 0.8; against the ledger and the sheet.
struct LikelyDuplicates {
    struct Ledger {
        var external: [String: (id: String, seq: Int64)] = [:]
        var byDate: [String: [(tokens: Set<String>, urls: [String], label: String)]] = [:]
        mutating func add(date: String, title: String, urls: [String], label: String) {
            byDate[date, default: []].append((LikelyDuplicates.tokens(title), urls, label))
        }
    }
    var sheet = Ledger()

    static func tokens(_ title: String) -> Set<String> {
        Set(
            title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
    }

    mutating func check(_ json: JSONValue, record: Int, line: Int, ledger: Ledger, into report: inout ImportReport) {
        guard let date = json["occurred"]?.stringValue, let title = json["title"]?.stringValue else { return }
        var urls: [String] = []
        if case .array(let s)? = json["sources"] {
            urls = s.compactMap { $0["url"]?.stringValue }
        }
        let t = Self.tokens(title)
        for other in (ledger.byDate[date] ?? []) + (sheet.byDate[date] ?? []) {
            let why: String
            if !Set(urls).isDisjoint(with: other.urls) {
                why = "same date and source URL"
            } else {
                let union = t.union(other.tokens).count
                guard union > 0, Double(t.intersection(other.tokens).count) / Double(union) >= 0.8 else { continue }
                why = "same date, similar title"
            }
            report.likelyDuplicates.append(.init(record: record, line: line, other: other.label, why: why))
        }
        sheet.add(date: date, title: title, urls: urls, label: "row \(record)")
    }
}
