#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bounded first-in first-out queue between two threads: `put` waits while it is full, `take`
/// waits while it is empty. Closing it wakes both sides: `put` then drops its item and returns
/// false, `take` returns what is left, then nil. The bound is what keeps memory small when one
/// side is faster than the other.
public final class Handoff<Element: Sendable>: @unchecked Sendable {
    // The mutex guards every stored property below; the condition variables live at fixed addresses.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    public init(capacity: Int) {
        precondition(capacity > 0)
        items = Array(repeating: nil, count: capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Appends `item`, waiting for room; false (and the item dropped) if the handoff is closed.
    @discardableResult
    public func put(_ item: Element) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == items.count && !closed { pthread_cond_wait(changed, mutex) }
        if closed { return false }
        items[(head + count) % items.count] = item
        count += 1
        pthread_cond_broadcast(changed)
        return true
    }

    /// The oldest item, waiting for one; nil once the handoff is closed and empty.
    public func take() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while count == 0 && !closed { pthread_cond_wait(changed, mutex) }
        guard count > 0 else { return nil }
        let item = items[head]
        items[head] = nil
        head = (head + 1) % items.count
        count -= 1
        pthread_cond_broadcast(changed)
        return item
    }

    /// The oldest item if there is one, without waiting.
    func poll() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard count > 0 else { return nil }
        let item = items[head]
        items[head] = nil
        head = (head + 1) % items.count
        count -= 1
        pthread_cond_broadcast(changed)
        return item
    }

    /// No more items will be put: wakes every waiter.
    public func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }
}
