import Annals
import AnnalsSystem
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

    static var stderrIsTerminal: Bool { TerminalSize.isTerminal(TerminalSize.standardError) }

    /// How many columns text output may take: the terminal's width when standard output is one,
    /// else `$COLUMNS` when set, else nil (no limit: a pipe or file gets every character).
    static let width: Int? = {
        if let columns = TerminalSize.columns(of: TerminalSize.standardOutput) { return columns }
        if let text = environment("COLUMNS"), let columns = Int(text), columns > 0 { return columns }
        return nil
    }()

    /// An environment variable's value, or nil.
    static func environment(_ name: String) -> String? { Environment.value(name) }

    private static func writeAll(fd: Int32, _ bytes: [UInt8]) {
        TerminalSize.write(bytes, to: fd)
    }
}
