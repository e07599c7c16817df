import AnnalsCore
import AnnalsSystem

/// A bounded hand-off of decoded records from one reading thread to one consumer, in log order.
///
/// The reader puts batches; at most `capacity` batches wait at a time, so memory stays bounded
/// however far the reader could run ahead. The reader ends with ``finish(_:)``, passing the error
/// that stopped it, if any: the consumer gets every batch put before it, then that error. A
/// consumer that stops early calls ``cancel()``, and the reader's next ``put(_:)`` returns false.
final class RecordPipe: @unchecked Sendable {
    typealias Item = (record: Record, place: LogPosition)

    let capacity: Int
    // Guarded by `lock`: everything below it.
    private let lock = ConditionLock()
    private var batches: [[Item]] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(capacity: Int) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.withLock(body)
    }

    /// Waits for room and adds `batch`; false when the consumer cancelled (the reader should stop).
    func put(_ batch: [Item]) -> Bool {
        locked {
            while !cancelled && batches.count - head >= capacity { lock.wait() }
            if cancelled { return false }
            if head > 0 && head == batches.count {
                batches.removeAll(keepingCapacity: true)
                head = 0
            }
            batches.append(batch)
            lock.broadcast()
            return true
        }
    }

    /// Says the reader is done, having failed with `error` (nil: it reached the end or was cancelled).
    func finish(_ error: (any Error)?) {
        locked {
            finished = true
            failure = error
            lock.broadcast()
        }
    }

    /// The next batch, waiting for it; nil once the reader finished and every batch was taken.
    /// Throws the reader's error after the batches put before it.
    func take() throws -> [Item]? {
        let (batch, error): ([Item]?, (any Error)?) = locked {
            while head == batches.count && !finished { lock.wait() }
            if head < batches.count {
                let batch = batches[head]
                batches[head] = []
                head += 1
                lock.broadcast()
                return (batch, nil)
            }
            return (nil, failure)
        }
        if let error { throw error }
        return batch
    }

    /// Tells the reader to stop and drops what it had read ahead.
    func cancel() {
        locked {
            cancelled = true
            batches = []
            head = 0
            lock.broadcast()
        }
    }
}
