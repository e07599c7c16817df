import Glibc

/// The one thread type: a POSIX thread running one closure, which its starter must ``join()``
/// (or let go, which joins) before returning, so nothing the closure uses (files, locks) outlives
/// the call that started it. Used to put a second core to work on a stream (deflating,
/// inflating, reading ahead, preparing) while the calling thread does the rest.
public final class WorkerThread {
    private final class Work: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    private let thread: pthread_t
    private var joined = false

    /// Starts `body` on a new thread; nil when the system refuses one (the caller then does the
    /// work itself).
    public init?(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return nil
        }
        self.thread = thread
    }

    /// Starts `body` on a new thread, or stops the process when the system refuses one (for
    /// work that has no way to run on the caller's thread).
    public static func start(_ body: @escaping @Sendable () -> Void) -> WorkerThread {
        guard let thread = WorkerThread(body) else { preconditionFailure("the system refused a thread") }
        return thread
    }

    /// Waits for the closure to return (once; later calls return at once).
    public func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    deinit { join() }
}
