import Glibc

/// Runs another program (git) and collects what it says. Its standard output and standard
/// error are read together as they arrive (`poll`), so a child that fills one pipe while Annals
/// waits on the other cannot deadlock; waits retry on EINTR.
public struct ChildProcess: Sendable {
    /// How a child ended and what it wrote.
    public struct Result: Sendable {
        /// The exit status (128 + the signal's number if a signal ended it; -1 if it is unknown).
        public var status: Int32
        /// Its standard output, unless that went to a file.
        public var output: [UInt8]
        /// Its standard error.
        public var errors: [UInt8]
        public var succeeded: Bool { status == 0 }
        /// How it ended, for messages: "exit 3", "killed by signal 9", "exit status unknown".
        public var ending: String {
            switch status {
            case -1: "exit status unknown"
            case 128...: "killed by signal \(status - 128)"
            default: "exit \(status)"
            }
        }
        /// Standard error as text, trimmed.
        public var errorText: String {
            let text = String(decoding: errors, as: UTF8.self)
            return String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        }
    }

    /// Runs `arguments[0]` (looked up on `PATH`) with the rest as its arguments. With
    /// `outputFile`, standard output goes straight into that file (created or truncated) instead
    /// of memory. Standard input is `/dev/null`.
    public static func run(_ arguments: [String], outputFile: String? = nil) throws(StoreError) -> Result {
        precondition(!arguments.isEmpty, "a child process needs a program")
        let program = arguments[0]
        let output = try outputFile.map { path throws(StoreError) in
            try PosixFile(path: path, flags: [.writeOnly, .create, .truncate])
        }
        let outPipe = try output == nil ? makePipe(for: program) : nil
        let errPipe: (read: Int32, write: Int32)
        do throws(StoreError) {
            errPipe = try makePipe(for: program)
        } catch {
            if let outPipe {
                close(outPipe.read)
                close(outPipe.write)
            }
            throw error
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output?.fd ?? outPipe!.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe.write, 2)
        // The child starts with no blocked signals and default handlers, whatever this process set.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
        if let outPipe { close(outPipe.write) }
        close(errPipe.write)
        guard spawned == 0 else {
            if let outPipe { close(outPipe.read) }
            close(errPipe.read)
            throw .io(path: program, operation: "run", errno: spawned)
        }
        let (out, err) = drain(outPipe?.read, errPipe.read)
        return Result(status: wait(for: pid), output: out, errors: err)
    }

    private static func makePipe(for program: String) throws(StoreError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        // Close-on-exec, set right after creation (glibc's pipe2 is not visible to Swift here), so
        // later children do not inherit the pipe.
        let made = pipe(&fds) == 0
        for fd in fds where made { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        guard made else { throw .io(path: program, operation: "run", errno: errno) }
        return (fds[0], fds[1])
    }

    /// Reads both pipes to their ends, whichever has data first, and closes them.
    private static func drain(_ outFD: Int32?, _ errFD: Int32) -> ([UInt8], [UInt8]) {
        var polls = [pollfd(fd: outFD ?? -1, events: Int16(POLLIN), revents: 0)]
        polls.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0))
        var collected: [[UInt8]] = [[], []]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while polls.contains(where: { $0.fd >= 0 }) {
            if poll(&polls, nfds_t(polls.count), -1) < 0 {
                if errno == EINTR { continue }
                // Cannot wait for data any more: close the pipes, so a child blocked writing to one
                // gets EPIPE and ends instead of hanging the wait that follows.
                for i in polls.indices where polls[i].fd >= 0 {
                    close(polls[i].fd)
                    polls[i].fd = -1
                }
                break
            }
            for i in polls.indices where polls[i].fd >= 0 && polls[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(polls[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    collected[i] += buffer[0..<n]
                } else if n == 0 || errno != EINTR {
                    close(polls[i].fd)
                    polls[i].fd = -1
                }
            }
        }
        return (collected[0], collected[1])
    }

    /// Waits for the child to end and returns its status (-1 when the system kept none, as when
    /// this process ignores SIGCHLD).
    private static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
