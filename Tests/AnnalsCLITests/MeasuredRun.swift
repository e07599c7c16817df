import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A run of the real `annals` binary to its end with its peak resident memory, for the tests
/// that assert a hostile input costs bounded memory. The child is started with `posix_spawn`
/// under `timeout` and reaped with `wait4`, whose `ru_maxrss` on Linux covers the process and
/// every child it waited for (so `timeout` and the binary under it).
struct MeasuredRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// The peak resident set size, in bytes.
    var peakBytes: Int

    /// Runs `annals args…` in `directory` with standard input from `stdin` (or /dev/null), its
    /// output in files of a temporary folder; killed after `lifetime` seconds (status 124).
    static func annals(
        _ args: [String], in directory: URL, stdin: String = "/dev/null", environment: [String: String] = [:],
        lifetime: Int = 120
    ) throws -> MeasuredRun {
        let scratch = try TemporaryDirectory()
        let output = scratch.url.appendingPathComponent("stdout")
        let errors = scratch.url.appendingPathComponent("stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let writeFlags = O_WRONLY | O_CREAT | O_TRUNC
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, writeFlags, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, writeFlags, 0o644)
        try #require(BackgroundProcess.closeFrom(&actions, 3) == 0)
        try #require(BackgroundProcess.changeDirectory(&actions, directory.path) == 0)
        var env = ProcessInfo.processInfo.environment
        env["ANNALS_RECORDER"] = "CLI Tests"
        for (k, v) in environment { env[k] = v }
        let argv = (["/usr/bin/timeout", String(lifetime), Annals.binary.path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/usr/bin/timeout", &actions, nil, argv, envp)
        try #require(spawned == 0, "cannot start annals: \(String(cString: strerror(spawned)))")
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            try #require(errno == EINTR, "wait4 failed: \(String(cString: strerror(errno)))")
        }
        let exited = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return MeasuredRun(
            status: exited,
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "",
            peakBytes: Int(usage.ru_maxrss) * 1024)
    }
}
