import Annals

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing to stdout (buffered) and stderr, reading inputs, and knowing whether stderr is a terminal.
/// The CLI is single-threaded; the buffer is flushed by ``perform(_:)`` and before stderr writes.
enum Terminal {
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    static func out(_ line: String) {
        writeBytes(Array(line.utf8) + [0x0A])
    }

    /// Writes raw bytes to stdout (canonical JSON lines).
    static func writeBytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    static func flush() {
        writeAll(fd: 1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    static func error(_ message: String) {
        flush()
        writeAll(fd: 2, Array("annals: error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        flush()
        writeAll(fd: 2, Array("annals: \(message)\n".utf8))
    }

    static func raw(stderr text: String) {
        writeAll(fd: 2, Array(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// An environment variable's value, or nil.
    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    private static func writeAll(fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }  // a closed pipe (| head): stop quietly
            done += n
        }
    }
}
