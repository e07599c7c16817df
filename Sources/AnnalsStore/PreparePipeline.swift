import AnnalsCore
import AnnalsSystem

/// Reads JSON Lines on one thread and parses and prepares them (``ItemPreparer``) on worker
/// threads, a chunk of lines at a time, while the calling thread validates and seals the
/// prepared items in input order. The validator sees the same items in the same order as when
/// everything runs on one thread, so the outcome and the first error are the same: an error a
/// worker meets is an item like the others, and one that stops the input (a line too long, a
/// NUL byte) comes after the lines before it. At most a few chunks are in flight at a time.
public enum PreparePipeline {
    /// Bytes of lines in one chunk, the unit a worker prepares (about 500 events of 1 KB).
    public static let defaultChunkBytes = 1 << 19

    /// Calls `body` with each item of the input `next` gives, in order, prepared with `preparer`
    /// (JSON arrays and a single pretty-printed object are not prepared: the validator does it all).
    public static func forEachItem(
        reading next: @escaping InputParser.ChunkSource, preparer: ItemPreparer,
        chunkBytes: Int = defaultChunkBytes, workers: Int = defaultWorkers,
        _ body: (BatchValidator.Item) throws -> Void
    ) throws {
        try InputParser.forEachItem(reading: next, body) { lines in
            try run(&lines, preparer: preparer, chunkBytes: chunkBytes, workers: workers, body)
        }
    }

    /// One worker per core (at least one, at most four).
    public static var defaultWorkers: Int {
        min(4, FileSystem.processorCount)
    }

    /// The reading thread's source, moved to it for good.
    private final class Source: @unchecked Sendable {
        var lines: LineSource
        init(_ lines: LineSource) { self.lines = lines }
    }

    /// A chunk on its way through the pipeline: the slot its items arrive in, then what stopped
    /// the input after it.
    private struct Pending: Sendable {
        var slot: Handoff<[BatchValidator.Item]>
        var failure: (any Error)?
    }

    private struct Job: Sendable {
        var chunk: LineChunk
        var slot: Handoff<[BatchValidator.Item]>
    }

    private static func run(
        _ lines: inout LineSource, preparer: ItemPreparer, chunkBytes: Int, workers count: Int,
        _ body: (BatchValidator.Item) throws -> Void
    ) throws {
        // Chunks read ahead of the validator: enough to keep every worker busy, and no more.
        let inFlight = count + 1
        let order = Handoff<Pending>(capacity: inFlight)
        let jobs = Handoff<Job>(capacity: inFlight)
        // Chunks done with are freed here, not on the calling thread (whose work is in order).
        let done = Handoff<[BatchValidator.Item]>(capacity: 1)
        let threads = startWorkers(count, jobs: jobs, preparer: preparer)
        let disposer = startDisposer(done)
        let source = Source(lines)
        let reader = threads.isEmpty ? nil : startReader(source, chunkBytes: chunkBytes, order: order, jobs: jobs)
        defer {
            // Stops the reader and drops the chunks not started; the workers finish theirs.
            order.close()
            while jobs.poll() != nil {}
            jobs.close()
            done.close()
            reader?.join()
            for thread in threads { thread.join() }
            disposer?.join()
        }
        guard reader != nil else {
            // No thread could start: this one does the work alone.
            return try runHere(&source.lines, preparer: preparer, chunkBytes: chunkBytes, body)
        }
        try validateInOrder(order, freeing: disposer == nil ? nil : done, body)
    }

    /// Up to `count` worker threads preparing the chunks `jobs` gives (fewer if some cannot start).
    private static func startWorkers(_ count: Int, jobs: Handoff<Job>, preparer: ItemPreparer) -> [WorkerThread] {
        var threads: [WorkerThread] = []
        for _ in 0..<count {
            let worker = WorkerThread {
                while let job = jobs.take() { job.slot.put(preparer.items(job.chunk)) }
            }
            if let worker { threads.append(worker) }
        }
        return threads
    }

    /// The thread that frees the chunks the calling thread is done with.
    private static func startDisposer(_ done: Handoff<[BatchValidator.Item]>) -> WorkerThread? {
        WorkerThread {
            // Holds each chunk until the next: the calling thread has let go of it by then.
            var held: [BatchValidator.Item] = []
            while let next = done.take() { held = next }
            _ = held
        }
    }

    /// The reading thread: cuts the input into chunks, queues each in `order` and hands it to the workers.
    private static func startReader(
        _ source: Source, chunkBytes: Int, order: Handoff<Pending>, jobs: Handoff<Job>
    ) -> WorkerThread? {
        WorkerThread {
            defer {
                order.close()
                jobs.close()
            }
            while let chunk = source.lines.next(bytes: chunkBytes) {
                let slot = Handoff<[BatchValidator.Item]>(capacity: 1)
                guard order.put(Pending(slot: slot, failure: chunk.failure)) else { return }
                if chunk.lines.isEmpty {
                    slot.put([])
                } else if !jobs.put(Job(chunk: chunk, slot: slot)) {
                    return
                }
            }
        }
    }

    /// Gives `body` the prepared items in input order, then hands each chunk to `done` to be freed.
    private static func validateInOrder(
        _ order: Handoff<Pending>, freeing done: Handoff<[BatchValidator.Item]>?,
        _ body: (BatchValidator.Item) throws -> Void
    ) throws {
        while let pending = order.take() {
            let items = pending.slot.take() ?? []
            for item in items { try body(item) }
            done?.put(items)
            if let failure = pending.failure { throw failure }
        }
    }

    /// The pipeline's work done on the calling thread alone.
    private static func runHere(
        _ lines: inout LineSource, preparer: ItemPreparer, chunkBytes: Int,
        _ body: (BatchValidator.Item) throws -> Void
    ) throws {
        while let chunk = lines.next(bytes: chunkBytes) {
            for item in preparer.items(chunk) { try body(item) }
            if let failure = chunk.failure { throw failure }
        }
    }
}
