import Annals
import Foundation

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

    /// How many columns text output may take: the terminal's width when standard output is one,
    /// else `$COLUMNS` when set, else nil (no limit: a pipe or file gets every character).
    static let width: Int? = {
        var size = winsize()
        if isatty(1) == 1 && ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        if let text = environment("COLUMNS"), let columns = Int(text), columns > 0 { return columns }
        return nil
    }()

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
