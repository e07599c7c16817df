import AnnalsTestSupport
import Testing

@testable import AnnalsCore

@Suite("CSV parser")
struct CSVParserTests {
    /// A parsed record: its number, its first line, its cells.
    struct Parsed: Equatable, CustomStringConvertible {
        var record: Int
        var line: Int
        var cells: [String]
        var description: String { "\(record)@\(line)\(cells)" }
    }

    /// Parses `bytes` fed in chunks of `chunk` bytes.
    static func parse(_ bytes: [UInt8], chunk: Int, delimiter: UInt8 = 0x2C, cellLimit: Int = 1 << 20)
        throws -> [Parsed]
    {
        var p = CSVParser(delimiter: delimiter, cellLimit: cellLimit, rowLimit: 4 * cellLimit)
        var out: [Parsed] = []
        var i = 0
        repeat {
            let piece = Array(bytes[i..<min(bytes.count, i + chunk)])
            try p.feed(piece) { out.append(Parsed(record: $0.record, line: $0.line, cells: $0.strings)) }
            i += chunk
        } while i < bytes.count
        try p.finish { out.append(Parsed(record: $0.record, line: $0.line, cells: $0.strings)) }
        return out
    }

    /// Parses with every chunk size from 1 to 8 and whole, and checks they agree.
    static func parseAllWays(_ bytes: [UInt8], delimiter: UInt8 = 0x2C) throws -> [Parsed] {
        let whole = try parse(bytes, chunk: max(1, bytes.count), delimiter: delimiter)
        for size in 1...8 { #expect(try parse(bytes, chunk: size, delimiter: delimiter) == whole, "chunk \(size)") }
        return whole
    }

    static func p(_ record: Int, _ line: Int, _ cells: String...) -> Parsed {
        Parsed(record: record, line: line, cells: cells)
    }

    /// (input, records) — RFC 4180's own examples first, then the turns spreadsheets take.
    static let good: [(String, [Parsed])] = [
        // RFC 4180 §2.1, 2.2: records end with CRLF; the last one may not.
        ("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n", [p(1, 1, "aaa", "bbb", "ccc"), p(2, 2, "zzz", "yyy", "xxx")]),
        ("aaa,bbb,ccc\r\nzzz,yyy,xxx", [p(1, 1, "aaa", "bbb", "ccc"), p(2, 2, "zzz", "yyy", "xxx")]),
        // §2.5: quoted fields.
        ("\"aaa\",\"bbb\",\"ccc\"\r\nzzz,yyy,xxx", [p(1, 1, "aaa", "bbb", "ccc"), p(2, 2, "zzz", "yyy", "xxx")]),
        // §2.6: line breaks and commas inside quotes.
        (
            "\"aaa\",\"b\r\nbb\",\"ccc\"\r\nzzz,yyy,xxx",
            [p(1, 1, "aaa", "b\r\nbb", "ccc"), p(2, 3, "zzz", "yyy", "xxx")]
        ),
        // §2.7: a quote inside quotes is written twice.
        ("\"aaa\",\"b\"\"bb\",\"ccc\"", [p(1, 1, "aaa", "b\"bb", "ccc")]),
        ("a,\"x,y\",b", [p(1, 1, "a", "x,y", "b")]),
        ("a\nb\n", [p(1, 1, "a"), p(2, 2, "b")]),
        ("a\rb\r", [p(1, 1, "a"), p(2, 2, "b")]),
        ("a,,\n,b,\n", [p(1, 1, "a", "", ""), p(2, 2, "", "b", "")]),
        ("\"\"\n", [p(1, 1, "")]),
        ("a\n\n\nb\n", [p(1, 1, "a"), p(4, 4, "b")]),
        ("a\r\n\r\nb", [p(1, 1, "a"), p(3, 3, "b")]),
        ("\u{FEFF}id,title\n1,Café\n", [p(1, 1, "id", "title"), p(2, 2, "1", "Café")]),
        ("\u{FEFF}", []),
        ("", []),
        ("x", [p(1, 1, "x")]),
        ("\"multi\nline\ncell\",z\nnext,row\n", [p(1, 1, "multi\nline\ncell", "z"), p(2, 4, "next", "row")]),
        ("  spaced , kept  \n", [p(1, 1, "  spaced ", " kept  ")]),
        ("\"\"\"\"\n", [p(1, 1, "\"")]),
        ("日本,\"中文\"\n", [p(1, 1, "日本", "中文")]),
    ]

    @Test("reads RFC 4180 and spreadsheet CSV", arguments: good)
    func reads(_ input: String, _ expected: [Parsed]) throws {
        #expect(try Self.parseAllWays(Array(input.utf8)) == expected)
    }

    @Test func readsTSV() throws {
        let rows = try Self.parseAllWays(Array("a\tb,c\t\"d\te\"\n".utf8), delimiter: 0x09)
        #expect(rows == [Self.p(1, 1, "a", "b,c", "d\te")])
    }

    /// (input, record, line, column, words the problem must contain)
    static let bad: [([UInt8], Int, Int, Int, String)] = [
        (Array("a,b\nc,d\"e,f\n".utf8), 2, 2, 2, "double quote inside a cell"),
        (Array("a,\"b\"x,c\n".utf8), 1, 1, 2, "after the closing quote"),
        (Array("id,t\n1,\"never closed\n2,x\n3,y\n".utf8), 2, 2, 2, "opened on line 2 is never closed"),
        (Array("id,t\n1,caf".utf8) + [0xE9] + Array("\n".utf8), 2, 2, 2, "not UTF-8"),
        (Array("id,t\n1,ok\n2,".utf8) + [0xC3] + Array(",x\n".utf8), 3, 3, 2, "not UTF-8"),
        ([0xFF, 0xFE, 0x61, 0x00], 1, 1, 1, "UTF-16"),
        (Array("a\n\"".utf8), 2, 2, 1, "never closed"),
    ]

    @Test("refuses hostile input, naming row, line and column", arguments: bad)
    func refuses(_ input: [UInt8], _ record: Int, _ line: Int, _ column: Int, _ words: String) {
        for chunk in [1, 3, input.count] {
            #expect {
                _ = try Self.parse(input, chunk: chunk)
            } throws: { error in
                guard let e = error as? CSVError else { return false }
                return e.record == record && e.line == line && e.column == column && e.problem.contains(words)
                    && !e.fix.isEmpty
            }
        }
    }

    /// A cell past the cap stops the reading at the cap, whether or not a quote left open swallowed it.
    @Test func capsCellsAndRows() throws {
        let big = Array("id,t\n1,".utf8) + [UInt8](repeating: 0x61, count: 5000) + Array("\n".utf8)
        #expect(throws: CSVError.self) { _ = try Self.parse(big, chunk: 700, cellLimit: 4096) }
        do {
            _ = try Self.parse(big, chunk: 700, cellLimit: 4096)
        } catch let e as CSVError {
            #expect(e.record == 2 && e.column == 2 && e.problem.contains("larger than 4096"))
        }
        let swallowed =
            Array("id,t\n1,\"open\n".utf8) + Array(repeating: Array("2,next row\n".utf8), count: 1000).flatMap { $0 }
        do {
            _ = try Self.parse(swallowed, chunk: 512, cellLimit: 4096)
            Issue.record("a swallowing quote was not stopped")
        } catch let e as CSVError {
            #expect(e.record == 2 && e.column == 2 && e.problem.contains("quoted from line 2"))
            #expect(e.fix.contains("close the quoted cell"))
        }
        var wide = CSVParser(cellLimit: 100, rowLimit: 1000)
        #expect(throws: CSVError.self) {
            try wide.feed([UInt8](repeating: 0x2C, count: 2000)) { _ in }
        }
    }

    /// Seeded random tables written the RFC way read back as themselves.
    @Test func roundTripsRandomTables() throws {
        var rng = SplitMix(seed: 4180)
        let alphabet = ["a", "b", " ", ",", "\"", "\n", "\r\n", "é", "日", "\t", ""]
        for _ in 0..<300 {
            let rows = Int(rng.next() % 5) + 1
            let cols = Int(rng.next() % 4) + 1
            var table: [[String]] = []
            for _ in 0..<rows {
                table.append(
                    (0..<cols).map { _ in
                        (0..<Int(rng.next() % 6)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                            .joined()
                    })
            }
            // A one-cell empty row would be a blank line: give it something.
            for r in table.indices where cols == 1 && table[r][0].isEmpty { table[r][0] = "x" }
            let text = table.map { row in
                row.map { cell in
                    cell.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) })
                        || rng.next() % 4 == 0
                        ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                }.joined(separator: ",")
            }.joined(separator: rng.next() % 2 == 0 ? "\n" : "\r\n")
            let parsed = try Self.parse(Array(text.utf8), chunk: Int(rng.next() % 9) + 1)
            #expect(parsed.map(\.cells) == table, "\(text.debugDescription)")
        }
    }
}
