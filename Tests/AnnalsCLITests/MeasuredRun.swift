import AnnalsTestSupport
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
        var env = ProcessInfo.processInfo.environment
        env["ANNALS_RECORDER"] = "CLI Tests"
        for (k, v) in environment { env[k] = v }
        let peakFile = scratch.url.appendingPathComponent("peak")
        let command = ["-f", "%M", "-o", peakFile.path, "/usr/bin/timeout", String(lifetime)]
        let pid = try ChildProcessRunner.spawn(
            "/usr/bin/time", command + [Annals.binary.path] + args, in: directory.path, input: .file(stdin),
            output: output.path, errors: errors.path, environment: env)
        let status = try ChildProcessRunner.wait(pid)
        // GNU time writes "Command exited with non-zero status N" before the figure when it fails.
        let report = (try? String(contentsOf: peakFile, encoding: .utf8)) ?? ""
        let kilobytes = try #require(report.split(separator: "\n").last.flatMap { Int($0) }, "time said: \(report)")
        return MeasuredRun(
            status: ChildProcessRunner.exitCode(status),
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "",
            peakBytes: kilobytes * 1024)
    }
}
