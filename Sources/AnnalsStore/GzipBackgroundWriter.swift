import AnnalsCore
import AnnalsSystem
import Synchronization

/// Hashes and deflates chunks on a second thread while the caller makes the next ones: making
/// the bytes and compressing them use two cores. The worker gets the chunks in order and makes
/// the very deflate calls a ``GzipWriter`` would get from the caller, so the file's bytes do not
/// depend on the threads. At most `depth` chunks wait between the two (bounded memory).
final class GzipBackgroundWriter {
    /// What only the worker touches until it is joined.
    private final class Work: @unchecked Sendable {
        let writer: GzipWriter
        var digest = StreamingDigest()
        init(_ writer: GzipWriter) { self.writer = writer }
    }

    private let work: Work
    private let full: Handoff<[UInt8]>
    private let spare: Handoff<[UInt8]>
    private let failure = Failure()
    private var worker: WorkerThread?
    private let chunkCapacity: Int

    /// The first error the worker met, if any (read by the caller to stop early).
    private final class Failure: Sendable {
        let error = Mutex<(any Error)?>(nil)
    }

    init(path: String, level: Int32, chunkCapacity: Int, depth: Int = 4) throws {
        work = Work(try GzipWriter(path: path, level: level))
        self.chunkCapacity = chunkCapacity
        full = Handoff(capacity: depth)
        // Every chunk in flight fits here, so returning one never waits.
        spare = Handoff(capacity: depth + 4)
        let (work, full, spare, failure) = (work, full, spare, failure)
        worker = WorkerThread.start {
            while var chunk = full.take() {
                if failure.error.withLock({ $0 == nil }) {
                    do {
                        work.digest.update(chunk)
                        try work.writer.write(chunk)
                    } catch {
                        failure.error.withLock { $0 = error }
                    }
                }
                chunk.removeAll(keepingCapacity: true)
                spare.put(chunk)
            }
        }
    }

    deinit { stop() }

    /// An empty chunk to fill: one the worker is done with, or a new one.
    func emptyChunk() -> [UInt8] {
        if let chunk = spare.poll() { return chunk }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(chunkCapacity)
        return chunk
    }

    /// Hands `chunk` to the worker (waiting while `depth` chunks are queued); throws the worker's
    /// error if it has failed.
    func write(_ chunk: [UInt8]) throws {
        if let error = failure.error.withLock({ $0 }) { throw error }
        full.put(chunk)
    }

    /// Waits for the worker to deflate every chunk, finishes the gzip member and makes the file
    /// durable; returns the SHA-256 of all the bytes written and their number.
    func finish() throws -> (digest: String, bytesIn: Int) {
        stop()
        if let error = failure.error.withLock({ $0 }) { throw error }
        try work.writer.finish()
        return (work.digest.finalizeHex(), work.writer.bytesIn)
    }

    private func stop() {
        full.close()
        worker?.join()
        worker = nil
    }
}
