import Glibc

/// An advisory lock on a file (flock): exclusive for writers, shared for readers. Released
/// when the value is deallocated or the process dies, so a killed writer never wedges the ledger.
public final class FileLock {
    private let file: PosixFile

    public enum Mode { case shared, exclusive }

    /// Waits up to `timeout` seconds for the lock, polling; throws ``StoreError/busy(path:waitedSeconds:)``.
    public init(path: String, mode: Mode, timeout: Double) throws(StoreError) {
        file = try PosixFile(path: path, flags: [.readWrite, .create])
        try acquire(mode, timeout: timeout)
    }

    /// Changes the lock to `mode`, waiting as ``init(path:mode:timeout:)`` does. Not atomic: the
    /// old lock is let go first, so another process may take the ledger in between.
    public func convert(to mode: Mode, timeout: Double) throws(StoreError) {
        try acquire(mode, timeout: timeout)
    }

    private func acquire(_ mode: Mode, timeout: Double) throws(StoreError) {
        let path = file.path
        let op = (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
        var waited = 0.0
        var pause = 0.001
        while flock(file.fd, op) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw .io(path: path, operation: "lock", errno: errno) }
            if waited >= timeout { throw .busy(path: path, waitedSeconds: Int(timeout)) }
            usleep(useconds_t(pause * 1_000_000))
            waited += pause
            pause = min(pause * 2, 0.05)
        }
    }
}
