/// A bounded first-in first-out queue between two threads: `put` waits while it is full, `take`
/// waits while it is empty. Closing it wakes both sides: `put` then drops its item and returns
/// false, `take` returns what is left, then nil. The bound is what keeps memory small when one
/// side is faster than the other.
public final class Handoff<Element: Sendable>: @unchecked Sendable {
    // The lock guards every stored property below.
    private let lock = ConditionLock()
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    public init(capacity: Int) {
        precondition(capacity > 0)
        items = Array(repeating: nil, count: capacity)
    }

    /// Appends `item`, waiting for room; false (and the item dropped) if the handoff is closed.
    @discardableResult
    public func put(_ item: Element) -> Bool {
        lock.withLock {
            while count == items.count && !closed { lock.wait() }
            if closed { return false }
            items[(head + count) % items.count] = item
            count += 1
            lock.broadcast()
            return true
        }
    }

    /// The oldest item, waiting for one; nil once the handoff is closed and empty.
    public func take() -> Element? {
        lock.withLock {
            while count == 0 && !closed { lock.wait() }
            return removeOldest()
        }
    }

    /// The oldest item if there is one, without waiting.
    public func poll() -> Element? {
        lock.withLock { removeOldest() }
    }

    /// No more items will be put: wakes every waiter.
    public func close() {
        lock.withLock {
            closed = true
            lock.broadcast()
        }
    }

    /// Holding the lock: takes the oldest item out, if any, and wakes a waiting `put`.
    private func removeOldest() -> Element? {
        guard count > 0 else { return nil }
        let item = items[head]
        items[head] = nil
        head = (head + 1) % items.count
        count -= 1
        lock.broadcast()
        return item
    }
}
