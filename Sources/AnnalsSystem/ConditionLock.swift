import Glibc

/// A mutex with one condition variable: the lock for state that threads wait on (``Handoff``,
/// the store's record pipe) and for work done under a lock (a connection that is not
/// thread-safe). A value that is only guarded, never waited on, is the standard library's `Mutex`.
public final class ConditionLock: @unchecked Sendable {
    // Both live at fixed addresses, as pthreads requires.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the lock.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Inside ``withLock(_:)``: lets the lock go until another thread calls ``broadcast()``.
    public func wait() {
        pthread_cond_wait(changed, mutex)
    }

    /// Wakes every thread waiting in ``wait()``.
    public func broadcast() {
        pthread_cond_broadcast(changed)
    }
}
