import Foundation

/// A progress line on stderr for long work, shown only when stderr is a terminal and the work
/// has taken more than a second.
final class Progress {
    private let label: String
    private let start = Date()
    private var shown = false

    init(label: String) { self.label = label }

    func update(_ done: Int64) {
        guard Terminal.stderrIsTerminal, Date().timeIntervalSince(start) > 1 else { return }
        Terminal.raw(stderr: "\r\(label): \(done) records…")
        shown = true
    }

    func finish() {
        if shown { Terminal.raw(stderr: "\r\u{1B}[K") }
    }
}
