#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One POSIX thread running one closure; `join()` waits for it to return. Used to put a second
/// core to work on a stream (deflating, inflating) while the calling thread does the rest.
public final class WorkerThread {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    #if canImport(Glibc)
        private var thread = pthread_t()
    #else
        private var thread: pthread_t?
    #endif
    private var joined = false

    /// Starts `body` on a new thread.
    public init(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { context in
                #if canImport(Glibc)
                    let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
                #else
                    let work = Unmanaged<Work>.fromOpaque(context).takeRetainedValue()
                #endif
                work.body()
                return nil
            }, context)
        precondition(rc == 0, "pthread_create failed (\(rc))")
    }

    /// Waits for the thread to finish (once; later calls return at once).
    public func join() {
        guard !joined else { return }
        joined = true
        #if canImport(Glibc)
            pthread_join(thread, nil)
        #else
            pthread_join(thread!, nil)
        #endif
    }

    deinit { join() }
}
