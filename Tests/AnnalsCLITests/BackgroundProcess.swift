import AnnalsTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A program left running while a test goes on (`annals sync --watch`), started with
/// `posix_spawn` rather than Foundation's `Process`: its standard output and error go to files,
/// its input is /dev/null, and every other descriptor of the test process is closed in the child,
/// so no pipe or child-watch socket of another test can be held open by it (a test waiting on
/// such a pipe would hang until it ends). It runs under `timeout`, so a test process that dies
/// without stopping it cannot leave it running for ever; ``stop()`` ends it and reaps it.
final class BackgroundProcess {
    let pid: pid_t
    let output: URL
    let errors: URL
    private var ended: Int32?

    /// Starts `executable args…` in `directory`, its output and errors written to the two files.
    init(
        _ executable: URL, _ args: [String], in directory: URL, environment: [String: String] = [:],
        output: URL, errors: URL, lifetime seconds: Int = 300
    ) throws {
        self.output = output
        self.errors = errors
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let pid = try ChildProcessRunner.spawn(
            "/usr/bin/timeout", [String(seconds), executable.path] + args, in: directory.path,
            input: .file("/dev/null"), output: output.path, errors: errors.path, environment: env,
            ownProcessGroup: true)
        self.pid = pid
    }

    /// Whether it is still running (a status it ended with is kept for ``stop()``).
    var isRunning: Bool {
        if ended != nil { return false }
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid { ended = status }
        return r == 0
    }

    /// Ends it if it still runs (SIGTERM to its process group, SIGKILL after 5 s) and reaps it;
    /// returns its wait status (nil if none could be had).
    @discardableResult
    func stop() -> Int32? {
        guard isRunning else { return ended }
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while isRunning && Date() < deadline { usleep(20_000) }
        if isRunning { kill(-pid, SIGKILL) }
        var status: Int32 = 0
        while ended == nil {
            let r = waitpid(pid, &status, 0)
            if r == pid { ended = status } else if errno != EINTR { break }
        }
        return ended
    }

    /// What it wrote to its standard output so far.
    func outputText() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// What it wrote to its standard error so far.
    func errorText() -> String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    deinit { stop() }
}
