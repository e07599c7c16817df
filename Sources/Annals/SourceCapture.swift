import AnnalsAdapters
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem
import Foundation

/// `sources capture` in named steps: select the cited URLs, check the archive URLs, then for each
/// page fetch it, check that its capture event would be valid and write it to the WARC file, while
/// a worker thread finds its quotes; last, append every capture event in one batch.
final class SourceCapture {
    let ledger: Ledger
    let fetcher: any PageFetching
    let progress: (String) -> Void

    init(ledger: Ledger, fetcher: any PageFetching, progress: @escaping (String) -> Void) {
        self.ledger = ledger
        self.fetcher = fetcher
        self.progress = progress
    }

    /// Captures the pages `selection` names (see ``Ledger/capture(_:archiveURLs:limits:recorder:progress:)``).
    func run(_ selection: CaptureSelection, archiveURLs: [String: String], recorder: String?) throws -> CaptureReport {
        let reader = try ledger.reader()
        let targets = try Self.targets(selection, cited: try reader.citedURLs(), reader: reader)
        try Self.check(archiveURLs: archiveURLs, targets: targets)
        let who = try ledger.resolveRecorder(recorder).name
        try EventDecoder.checkRecorder(who)
        guard !targets.isEmpty else { return CaptureReport() }
        let quotes = Dictionary(grouping: try reader.quotedCitations(), by: \.url)
        let archive = try CaptureArchive(ledger: ledger)
        var report = try fetch(targets, quotes: quotes, archiveURLs: archiveURLs, into: archive)
        guard let warc = archive.writer else { return report }
        try warc.finish()
        report.warcFile = archive.relativePath
        try record(&report, recorder: who, archive: archive)
        return report
    }

    // MARK: Steps

    /// The URLs to fetch, in order, each once.
    static func targets(_ selection: CaptureSelection, cited: [String], reader: ProjectionReader) throws -> [String] {
        switch selection {
        case .all: return cited
        case .missing:
            let captured = try reader.latestCaptures()
            return cited.filter { captured[$0] == nil }
        case .urls(let urls):
            let known = Set(cited)
            for url in urls where !known.contains(url) {
                throw SourcesError(
                    problem: "\(ValidationError.shorten(url)) is not cited by any event of this ledger",
                    fix:
                        "capture a URL the ledger's sources cite, exactly as written ('annals sources check' lists them)"
                )
            }
            var seen = Set<String>()
            return urls.filter { seen.insert($0).inserted }
        }
    }

    /// Refuses an `--archive-url` for a URL not fetched, or that is not http(s).
    static func check(archiveURLs: [String: String], targets: [String]) throws {
        for (url, archive) in archiveURLs {
            guard targets.contains(url) else {
                throw SourcesError(
                    problem: "--archive-url names \(ValidationError.shorten(url)), which this capture does not fetch",
                    fix: "give --archive-url URL=ARCHIVE for a URL being captured")
            }
            guard Source.isAcceptable(url: archive) else {
                throw SourcesError(
                    problem: "the archive URL \(ValidationError.shorten(archive)) is not an http(s) URL",
                    fix: "give the full address of the outside copy, e.g. https://web.archive.org/web/…")
            }
        }
    }

    /// Fetches each target and writes the pages that answered to the archive; their quotes are
    /// looked for on a worker thread while the next page is fetched.
    private func fetch(
        _ targets: [String], quotes: [String: [QuotedCitation]], archiveURLs: [String: String],
        into archive: CaptureArchive
    ) throws -> CaptureReport {
        var report = CaptureReport()
        let finder = QuoteFinder()
        defer { _ = finder.finish() }
        for (n, url) in targets.enumerated() {
            progress("[\(n + 1)/\(targets.count)] \(url)")
            let own = Array(Set((quotes[url] ?? []).map(\.quote))).sorted()
            try fetch(url, quotes: own, archiveURL: archiveURLs[url], into: archive, finder: finder, report: &report)
        }
        let found = finder.finish()
        for i in report.captured.indices {
            let selectors = found[i] ?? []
            report.captured[i].spec.selectors = selectors
            report.captured[i].quotesFound = selectors.count
        }
        return report
    }

    /// One page: fetch, check, write, and hand its text to the quote finder.
    private func fetch(
        _ url: String, quotes: [String], archiveURL: String?, into archive: CaptureArchive, finder: QuoteFinder,
        report: inout CaptureReport
    ) throws {
        let page: PageFetcher.Page
        switch fetcher.fetch(url) {
        case .failure(let reason):
            progress("  not captured: \(reason)")
            report.failed.append(.init(url: url, reason: reason))
            return
        case .success(let p): page = p
        }
        var spec = Ledger.captureSpec(url: url, page: page, warcFile: archive.name, archiveURL: archiveURL)
        if let problem = Ledger.unrecordable(spec) {
            progress("  not captured: \(problem)")
            report.failed.append(.init(url: url, reason: problem))
            return
        }
        spec.warcRecordID = try Ledger.write(page, to: try archive.openWriter())
        progress("  HTTP \(page.status), \(page.body.count) bytes")
        finder.add(.init(index: report.captured.count, body: page.body, contentType: page.contentType, quotes: quotes))
        report.captured.append(.init(spec: spec, eventID: nil, quotesFound: 0, quotes: quotes.count))
    }

    /// Appends one capture event per captured page, in one batch; removes the WARC file if that fails.
    private func record(_ report: inout CaptureReport, recorder: String, archive: CaptureArchive) throws {
        var events: [UInt8] = []
        for captured in report.captured {
            events += Ledger.captureEvent(captured.spec) + [0x0A]
        }
        let outcome: EventLog.AppendOutcome
        do {
            outcome = try ledger.append(input: events, recorder: recorder)
        } catch {
            try? FileSystem.remove(archive.path)
            throw error
        }
        for (i, a) in outcome.appended.enumerated() where i < report.captured.count {
            report.captured[i].eventID = a.id
        }
    }
}

/// The WARC file one capture writes: named when the capture starts, created with the first page.
final class CaptureArchive {
    /// The archive folder, relative to the ledger's root.
    let folder: String
    /// The file's name in the folder.
    let name: String
    /// The file's path.
    let path: String
    /// When the capture started (the WARC file's date).
    let started: Timestamp
    private(set) var writer: WARCWriter?

    /// Makes the archive folder (with its `.gitignore`) if it is missing, and names the file.
    init(ledger: Ledger) throws {
        folder = try ledger.archiveFolder()
        let folderPath = ledger.layout.root + "/" + folder
        if !FileSystem.isDirectory(folderPath) {
            try FileSystem.createDirectories(folderPath)
            // Kept out of git by default (see README, "Keeping sources checkable").
            try FileSystem.writeAtomically(
                Array("# WARC captures: kept out of git by default; delete this file to commit them.\n*\n".utf8),
                to: folderPath + "/.gitignore")
        }
        started = Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        let stamp = started.description.replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: ":", with: "")
        name = "annals-\(stamp)-\(String(WARCWriter.uuid().prefix(8))).warc.gz"
        path = folderPath + "/" + name
    }

    /// The file relative to the ledger's root.
    var relativePath: String { folder + "/" + name }

    /// The writer, creating the file the first time.
    func openWriter() throws -> WARCWriter {
        if let writer { return writer }
        let made = try WARCWriter(path: path, software: Ledger.userAgent, date: started.description)
        writer = made
        return made
    }
}

/// Finds the quotes of captured pages in their text on a worker thread, while the next page is
/// fetched; at most `ahead` pages wait for it.
final class QuoteFinder: @unchecked Sendable {
    struct Job: Sendable {
        /// The page's place in the report.
        var index: Int
        var body: [UInt8]
        var contentType: String?
        var quotes: [String]
    }

    static let ahead = 8
    private let jobs = Handoff<Job>(capacity: QuoteFinder.ahead)
    /// Written by the worker only, read after it is joined.
    private var found: [Int: [TextQuoteSelector]] = [:]
    private var worker: WorkerThread?

    init() {
        worker = WorkerThread.start { [self] in
            while let job = jobs.take() {
                let text = PageText.text(body: job.body, contentType: job.contentType).map(QuoteText.init)
                found[job.index] = job.quotes.compactMap { text?.locate($0) }
            }
        }
    }

    /// Queues a page, waiting while `ahead` pages wait already.
    func add(_ job: Job) { jobs.put(job) }

    /// Waits for the queued pages; the selectors found, by the page's place in the report.
    func finish() -> [Int: [TextQuoteSelector]] {
        jobs.close()
        worker?.join()
        return found
    }
}
