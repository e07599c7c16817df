import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A run of the real `annals` binary to its end with its peak resident memory, for the tests
/// that assert a hostile input costs bounded memory. The peak is GNU time's `%M` for `timeout`
/// and the binary under it, not `wait4` on our own child: a child started by `posix_spawn`
/// shares the test process's memory until it execs, and Linux carries that memory's high-water
/// mark into the child's `ru_maxrss`, so the test process's own peak would be counted.
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
        let peakFile = scratch.url.appendingPathComponent("peak")
        let command = ["/usr/bin/time", "-f", "%M", "-o", peakFile.path, "/usr/bin/timeout", String(lifetime)]
        let argv = (command + [Annals.binary.path] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/usr/bin/time", &actions, nil, argv, envp)
        try #require(spawned == 0, "cannot start annals: \(String(cString: strerror(spawned)))")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            try #require(errno == EINTR, "waitpid failed: \(String(cString: strerror(errno)))")
        }
        // GNU time writes "Command exited with non-zero status N" before the figure when it fails.
        let report = (try? String(contentsOf: peakFile, encoding: .utf8)) ?? ""
        let kilobytes = try #require(report.split(separator: "\n").last.flatMap { Int($0) }, "time said: \(report)")
        let exited = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return MeasuredRun(
            status: exited,
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "",
            peakBytes: kilobytes * 1024)
    }
}
