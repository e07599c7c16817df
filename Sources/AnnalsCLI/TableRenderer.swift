import Annals
import AnnalsCore
import ArgumentParser

enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// Renders result tables as aligned text, a JSON array of objects, or CSV (RFC 4180).
enum TableRenderer {
    /// Renders `table`; as text, its columns fit `width` (the widest cut first, with an ellipsis).
    static func render(_ table: ResultTable, format: TableFormat, width: Int? = Terminal.width) {
        switch format {
        case .json: Terminal.writeBytes(Array(json(table).utf8) + [0x0A])
        case .csv:
            Terminal.out(table.columns.map(csvField).joined(separator: ","))
            for row in table.rows { Terminal.out(row.map(csvCell).joined(separator: ",")) }
        case .text:
            for line in textLines(table, width: width) { Terminal.out(line) }
        }
    }

    /// The text form: a header and one line per row, columns aligned by display width and cut to fit `width`.
    static func textLines(_ table: ResultTable, width: Int?) -> [String] {
        let cells = table.rows.map { $0.map { printable(oneLine($0.text)) } }
        var widths = table.columns.map { DisplayWidth.of(printable($0)) }
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        let total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
        if let width, total > width {
            let floors = zip(table.columns, widths).map { min($1, max(DisplayWidth.of($0), 10)) }
            widths = LineFit.shrink(widths, minimums: floors, by: total - width)
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, v in
                let cut = DisplayWidth.truncate(v, to: widths[i])
                return i == values.count - 1 ? cut : DisplayWidth.pad(cut, to: widths[i])
            }
            .joined(separator: "  ")
        }
        return [line(table.columns.map(printable))] + cells.map(line)
    }

    /// Writes rows as they come, in the same bytes as ``render(_:format:maxWidth:)`` for json and
    /// csv, so a result of any size streams through in constant memory.
    struct Stream {
        let format: TableFormat
        private var columns: [String] = []
        private var count = 0

        /// With a state, JSON output is `{"ledger":…,"rows":[…]}`; without, a bare array.
        private let stamp: LedgerState?

        init(format: TableFormat, stamp: LedgerState? = nil) {
            self.format = format
            self.stamp = stamp
        }

        mutating func begin(_ columns: [String]) {
            self.columns = columns
            if format == .csv { Terminal.out(columns.map(TableRenderer.csvField).joined(separator: ",")) }
            if format == .json {
                let opening = stamp.map { "{" + StructuredJSON.stamp($0) + ",\n\"rows\":[" } ?? "["
                Terminal.writeBytes(Array(opening.utf8))
            }
        }

        mutating func row(_ cells: [ResultTable.Cell]) {
            switch format {
            case .csv: Terminal.out(cells.map(TableRenderer.csvCell).joined(separator: ","))
            case .json, .text:
                Terminal.writeBytes(
                    Array(((count == 0 ? "\n" : ",\n") + TableRenderer.jsonObject(columns, cells)).utf8))
            }
            count += 1
        }

        func end() {
            let closing = (count == 0 ? "]" : "\n]") + (stamp == nil ? "" : "}")
            if format == .json { Terminal.writeBytes(Array((closing + "\n").utf8)) }
        }
    }

    static func jsonObject(_ columns: [String], _ row: [ResultTable.Cell]) -> String {
        "{" + zip(columns, row).map { key, cell in jsonString(key) + ":" + jsonValue(cell) }.joined(separator: ",")
            + "}"
    }

    static func json(_ table: ResultTable) -> String {
        var out = "["
        for (n, row) in table.rows.enumerated() {
            out += n == 0 ? "\n" : ",\n"
            out += jsonObject(table.columns, row)
        }
        return out + (table.rows.isEmpty ? "]" : "\n]")
    }

    static func jsonValue(_ cell: ResultTable.Cell) -> String {
        switch cell {
        case .null: "null"
        case .integer(let i): String(i)
        case .real(let d): d.isFinite ? String(d) : "null"
        case .text(let s): jsonString(s)
        case .blob: jsonString(cell.text)
        }
    }

    static func jsonString(_ s: String) -> String {
        var bytes: [UInt8] = []
        CanonicalJSON.writeString(s, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A cell as a CSV field. A text cell a spreadsheet would run as a formula (one beginning with
    /// `=`, `+`, `-`, `@`, a tab or a carriage return) is neutralised as OWASP recommends for CSV
    /// injection: an apostrophe before it, and the field quoted. Numbers are never touched.
    static func csvCell(_ cell: ResultTable.Cell) -> String {
        if case .text(let s) = cell, let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            return "\"'" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return csvField(cell.text)
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// `s` with control characters (C0, DEL, C1) shown as `\u{…}`, so a cell cannot move the cursor.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }) else {
            return s
        }
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func oneLine(_ s: String) -> String {
        s.contains("\n") ? s.split(whereSeparator: \.isNewline).joined(separator: " ") : s
    }

}
