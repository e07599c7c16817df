/// Runs `work` on inputs on a few threads and hands the outputs back in the order the inputs were
/// put, with at most `window` inputs in flight, so memory stays bounded however fast the caller
/// puts. With no threads (or when the system refuses them), `work` runs on the caller's thread
/// as each input is put. ``stop()`` (also on deinit) drops what waits and joins the threads.
public final class OrderedWork<Input: Sendable, Output: Sendable> {
    private final class Slot: Sendable {
        let input: Input
        let output = Handoff<Output>(capacity: 1)
        init(_ input: Input) { self.input = input }
    }

    public let window: Int
    private let work: @Sendable (Input) -> Output
    private let jobs: Handoff<Slot>
    private var threads: [WorkerThread] = []
    /// Slots put and not yet taken: a ring of `window` places, the oldest at `head`.
    private var inFlight: [Slot?]
    private var head = 0
    public private(set) var count = 0

    public init(threads: Int, window: Int, _ work: @escaping @Sendable (Input) -> Output) {
        precondition(window >= 1)
        self.window = window
        self.work = work
        let jobs = Handoff<Slot>(capacity: window)
        self.jobs = jobs
        inFlight = Array(repeating: nil, count: window)
        for _ in 0..<threads {
            guard
                let thread = WorkerThread({
                    while let slot = jobs.take() { slot.output.put(work(slot.input)) }
                })
            else { break }
            self.threads.append(thread)
        }
    }

    deinit { stop() }

    /// Whether `window` inputs are in flight: take one before putting another.
    public var isFull: Bool { count == window }

    /// Hands `input` to the threads (or does the work now, without threads). The caller must not
    /// put while ``isFull``.
    public func put(_ input: Input) {
        precondition(!isFull, "take an output before putting more")
        let slot = Slot(input)
        inFlight[(head + count) % window] = slot
        count += 1
        if threads.isEmpty {
            slot.output.put(work(input))
        } else {
            jobs.put(slot)
        }
    }

    /// The output for the oldest input not yet taken, waiting for it; nil when none is in flight.
    public func take() -> Output? {
        guard count > 0, let slot = inFlight[head] else { return nil }
        inFlight[head] = nil
        head = (head + 1) % window
        count -= 1
        return slot.output.take()
    }

    /// Drops the inputs no thread has started on and waits for the threads to finish.
    public func stop() {
        jobs.close()
        while jobs.poll() != nil {}
        for thread in threads { thread.join() }
        threads = []
        inFlight = Array(repeating: nil, count: window)
        head = 0
        count = 0
    }
}
