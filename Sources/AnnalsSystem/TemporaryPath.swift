import Glibc
import Synchronization

/// Names for temporary files: one helper instead of a process id pasted onto names by hand.
public enum TemporaryPath {
    private static let counter = Atomic<Int>(0)

    /// A new name in the folder of `stem`: `stem-<pid>-<n>` followed by `suffix`, where `n` counts
    /// the names this process made, so two temporaries of one process (or of two threads) never
    /// share a name, and a process never takes another live process's. A file left at that name
    /// by a crashed process with the same id is stale: callers create theirs exclusively or
    /// remove it first.
    public static func unique(_ stem: String, suffix: String = "") -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return stem + "-\(getpid())-\(n)" + suffix
    }
}
