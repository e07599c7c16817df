import Foundation

/// The one way tests start a program: `posix_spawn` in a given folder, with standard input from
/// a file or a pipe, standard output and error to files, every other descriptor of the test
/// process closed in the child (no pipe of another test can be held open by it), default signal
/// handlers and no blocked signals (the test process ignores SIGPIPE; a child must not inherit
/// that), and, when asked, a process group of its own.
public enum ChildProcessRunner {
    /// Where a child's standard input comes from.
    public enum Input {
        /// A file (or /dev/null), opened read-only.
        case file(String)
        /// The read end of a pipe whose write end the caller holds.
        case pipe(Int32)
    }

    /// A program that could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `executable args…` in `directory` with exactly `environment`; returns its pid.
    public static func spawn(
        _ executable: String, _ args: [String], in directory: String, input: Input, output: String, errors: String,
        environment: [String: String], ownProcessGroup: Bool = false
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        switch input {
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .pipe(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, writeFlags, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors, writeFlags, 0o644)
        guard closeFrom(&actions, 3) == 0 else { throw SpawnError(description: "addclosefrom_np failed") }
        guard changeDirectory(&actions, directory) == 0 else { throw SpawnError(description: "cannot cd \(directory)") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        resetSignals(&attributes, ownProcessGroup: ownProcessGroup)
        let argv = ([executable] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Default handlers for every signal, none blocked; with `ownProcessGroup`, a new group.
    private static func resetSignals(_ attributes: inout posix_spawnattr_t, ownProcessGroup: Bool) {
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
    }

    /// Waits for `pid` to end (through EINTR); returns its raw wait status.
    public static func wait(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw SpawnError(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        return status
    }

    /// A raw wait status as a shell shows it: the exit code, or 128 + the signal.
    public static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Runs `executable args…` in `directory` to its end: exit code, standard output, standard
    /// error. `stdin` is written to a pipe (so the program reads a pipe, as from a shell) while it
    /// runs; its output goes to files in a scratch folder, so a chatty child never blocks.
    /// `environment` nil: the test process's own.
    public static func run(
        _ executable: String, _ args: [String], in directory: String, stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> (status: Int32, stdout: Data, stderr: Data) {
        let scratch = ScratchFolder("annals-run")
        try FileManager.default.createDirectory(at: scratch.url, withIntermediateDirectories: true)
        let output = scratch.url.appendingPathComponent("stdout").path
        let errors = scratch.url.appendingPathComponent("stderr").path
        var ends: [Int32] = [0, 0]
        guard pipeCloseOnExec(&ends, O_CLOEXEC) == 0 else { throw SpawnError(description: "pipe2 failed") }
        let pid: pid_t
        do {
            pid = try spawn(
                executable, args, in: directory, input: .pipe(ends[0]), output: output, errors: errors,
                environment: environment ?? ProcessInfo.processInfo.environment)
        } catch {
            close(ends[0])
            close(ends[1])
            throw error
        }
        close(ends[0])
        let fed = DispatchSemaphore(value: 0)
        let writer = Thread { [ends] in
            feed(stdin ?? Data(), to: ends[1])
            close(ends[1])
            fed.signal()
        }
        writer.start()
        let status = try wait(pid)
        fed.wait()
        return (
            exitCode(status), (try? Data(contentsOf: URL(fileURLWithPath: output))) ?? Data(),
            (try? Data(contentsOf: URL(fileURLWithPath: errors))) ?? Data()
        )
    }

    /// Writes `data` to `fd` until done or the reader is gone (EPIPE: the child did not read it all).
    private static func feed(_ data: Data, to fd: Int32) {
        signal(SIGPIPE, SIG_IGN)
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    // glibc's (2.34+) `posix_spawn_file_actions_addclosefrom_np` and `_addchdir_np` (2.29+), and
    // `pipe2` (close-on-exec from the start: no other test's child can inherit the pipe), which
    // Swift's Glibc module does not declare.
    typealias Actions = UnsafeMutablePointer<posix_spawn_file_actions_t>
    static let closeFrom = unsafeBitCast(
        symbol("posix_spawn_file_actions_addclosefrom_np"), to: (@convention(c) (Actions, Int32) -> Int32).self)
    static let changeDirectory = unsafeBitCast(
        symbol("posix_spawn_file_actions_addchdir_np"),
        to: (@convention(c) (Actions, UnsafePointer<CChar>) -> Int32).self)

    static let pipeCloseOnExec = unsafeBitCast(
        symbol("pipe2"), to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer {
        guard let found = dlsym(nil, name) else { fatalError("\(name) is missing: glibc 2.34 or later is needed") }
        return found
    }
}
