import Glibc

/// Waits on the calling thread: the one way Annals sleeps (polling a log, spacing requests to a host).
public enum Pause {
    /// Sleeps for `seconds` (nothing when it is not positive), resuming after a signal's interruption.
    public static func sleep(seconds: Double) {
        guard seconds > 0, seconds.isFinite else { return }
        // At most about 68 years: a larger value would not fit the C time type's conversion.
        let capped = min(seconds, Double(Int32.max))
        let whole = capped.rounded(.down)
        var request = timespec(tv_sec: Int(whole), tv_nsec: Int((capped - whole) * 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
