import Annals
import AnnalsCore
import ArgumentParser

/// Renders records as text lines, a JSON object `{"ledger":…,"records":[…]}`, or canonical JSON Lines.
struct RecordRenderer {
    var format: OutputFormat
    /// The state of the log the listing was taken from.
    var stamp: LedgerState
    /// The columns a text line may take (nil: no limit).
    var width: Int?
    private var count = 0

    init(format: OutputFormat, stamp: LedgerState, width: Int? = nil) {
        self.format = format
        self.stamp = stamp
        self.width = width
    }

    mutating func begin() {
        if format == .json { Terminal.writeBytes(Array(("{" + StructuredJSON.stamp(stamp) + ",\n\"records\":[").utf8)) }
    }

    mutating func row(_ record: Record) {
        switch format {
        case .text:
            let source = record.event.sources.first.map { $0.publisher ?? $0.url ?? "" } ?? ""
            let prefix =
                "\(pad(String(record.seq), 5)) \(pad(record.event.occurred.description, 10)) "
                + "\(pad(record.event.type.rawValue, 12)) "
            Terminal.out(
                LineFit.line(prefix, [record.event.title, "[\(source)] \(record.id.prefix(11))"], width: width))
        case .json:
            Terminal.writeBytes(Array((count == 0 ? "\n" : ",\n").utf8) + CanonicalJSON.encode(record.json))
        case .jsonl:
            Terminal.writeBytes(CanonicalJSON.encode(record.json) + [0x0A])
        }
        count += 1
    }

    mutating func end() {
        if format == .json { Terminal.writeBytes(Array((count == 0 ? "]}\n" : "\n]}\n").utf8)) }
        if format == .text && count == 0 { Terminal.note("no events match") }
    }

    private func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s : s + String(repeating: " ", count: n - s.count)
    }
}
