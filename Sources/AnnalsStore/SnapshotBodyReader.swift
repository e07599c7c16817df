import AnnalsSystem

/// Reads a snapshot's header and body lines while a second thread inflates the file and hashes
/// the body, so a reader pays neither; ``finish()`` then checks the body against the header
/// (digest, rows, size, gzip headers) exactly as ``SnapshotFile/checkDigest(path:name:)`` does.
/// Lines must not be trusted until `finish()` returns: a caller that stops early (an error) calls
/// it to learn whether the file was damaged.
public final class SnapshotBodyReader {
    private enum Piece: Sendable {
        case block([UInt8])
        case end(SnapshotBodyDigest.Summary, memberStarts: [Int])
        case failed(any Error)
    }

    public let header: SnapshotHeader
    public let path: String
    public let name: String
    private let pieces: Handoff<Piece>
    private var worker: WorkerThread?
    private var lines = BlockLines()
    private var summary: (SnapshotBodyDigest.Summary, memberStarts: [Int])?
    private var failure: (any Error)?

    /// Opens the snapshot at `path` and starts inflating it; reads its header. At most `depth`
    /// blocks of about 1 MiB wait between the threads.
    public init(path: String, name: String, depth: Int = 4) throws {
        self.path = path
        self.name = name
        let blocks = try GzipBlockReader(path: path)
        let pieces = Handoff<Piece>(capacity: depth)
        self.pieces = pieces
        nonisolated(unsafe) let owned = blocks  // used by the worker alone from here on
        let thread = WorkerThread.start { Self.inflate(owned, into: pieces) }
        do {
            // The first block starts with the header line.
            switch pieces.take() {
            case .block(let block)?: lines.load(block)
            case .failed(let error)?: throw SnapshotError.damaged(name: name, reason: "\(error)")
            case .end?, nil: throw SnapshotError.notASnapshot(reason: "\(path) is empty")
            }
            header = try SnapshotHeader(line: lines.next()!)
        } catch {
            pieces.close()
            thread.join()
            throw error
        }
        worker = thread
    }

    deinit {
        pieces.close()
        worker?.join()
    }

    /// The worker: inflates every block, hashes the body (everything after the first line) and
    /// hands the blocks over, then the summary or the error.
    private static func inflate(_ blocks: GzipBlockReader, into pieces: Handoff<Piece>) {
        var digest = SnapshotBodyDigest()
        var first = true
        do {
            while let block = try blocks.next() {
                if first {
                    first = false
                    let headerEnd = block.firstIndex(of: 0x0A).map { $0 + 1 } ?? block.count
                    digest.update(block[headerEnd...])
                } else {
                    digest.update(block[...])
                }
                guard pieces.put(.block(block)) else { return }
            }
            pieces.put(.end(digest.finish(), memberStarts: blocks.memberStarts))
        } catch {
            pieces.put(.failed(error))
        }
        pieces.close()
    }

    /// The next body line without its newline, or nil at the end.
    public func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let line = lines.next() { return line }
            if summary != nil { return nil }
            if let failure { throw failure }
            switch pieces.take() {
            case .block(let block)?: lines.load(block)
            case .end(let s, let starts)?: summary = (s, starts)
            case .failed(let error)?:
                failure = SnapshotError.damaged(name: name, reason: "\(error)")
            case nil: failure = SnapshotError.damaged(name: name, reason: "its reading stopped")
            }
        }
    }

    /// Reads to the end (skipping lines not read yet) and checks the body against the header.
    public func finish() throws {
        while summary == nil {
            lines = BlockLines()
            if let failure { throw failure }
            switch pieces.take() {
            case .block?: continue
            case .end(let s, let starts)?: summary = (s, starts)
            case .failed(let error)?:
                failure = SnapshotError.damaged(name: name, reason: "\(error)")
            case nil: failure = SnapshotError.damaged(name: name, reason: "its reading stopped")
            }
        }
        worker?.join()
        worker = nil
        let (s, starts) = summary!
        try SnapshotFile.check(header, against: s, memberStarts: starts, path: path, name: name)
    }
}
