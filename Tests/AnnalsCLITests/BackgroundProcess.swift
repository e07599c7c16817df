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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, writeFlags, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, writeFlags, 0o644)
        try #require(Self.closeFrom(&actions, 3) == 0, "posix_spawn_file_actions_addclosefrom_np failed")
        try #require(Self.changeDirectory(&actions, directory.path) == 0, "cannot change to \(directory.path)")
        // Default signal handlers and no blocked signals, whatever the test process set (it
        // ignores SIGPIPE, which a child would otherwise inherit); a process group of its own.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let argv = (["/usr/bin/timeout", String(seconds), executable.path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/usr/bin/timeout", &actions, &attributes, argv, envp)
        try #require(spawned == 0, "cannot start \(executable.path): \(String(cString: strerror(spawned)))")
        self.pid = pid
    }

    // glibc's (2.34+) `posix_spawn_file_actions_addclosefrom_np` and `_addchdir_np` (2.29+),
    // which Swift's Glibc module does not declare.
    typealias Actions = UnsafeMutablePointer<posix_spawn_file_actions_t>
    static let closeFrom = unsafeBitCast(
        symbol("posix_spawn_file_actions_addclosefrom_np"), to: (@convention(c) (Actions, Int32) -> Int32).self)
    static let changeDirectory = unsafeBitCast(
        symbol("posix_spawn_file_actions_addchdir_np"),
        to: (@convention(c) (Actions, UnsafePointer<CChar>) -> Int32).self)

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer {
        guard let found = dlsym(nil, name) else { fatalError("\(name) is missing: glibc 2.34 or later is needed") }
        return found
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
