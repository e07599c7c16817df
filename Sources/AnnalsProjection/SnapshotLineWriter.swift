import AnnalsCore
import AnnalsSystem
import GRDB
import GRDBSQLite

/// Writes the snapshot line of the current row of a stepped SQLite statement, straight from
/// SQLite's column values: the bytes of every key and separator are made once per table, and
/// plain ASCII text is copied from SQLite's buffer without making a `String`. Anything else (other
/// text, reals, blobs) goes through GRDB's ``DatabaseValue`` and ``SnapshotRows/write(_:into:)`` as
/// before, so the bytes are those ``CanonicalWriter`` writes for the same values.
struct SnapshotLineWriter {
    /// One column's value of the current row, as read in the first pass.
    private enum Value {
        case null
        case integer(Int64)
        /// Plain ASCII text (nothing to escape), in SQLite's buffer.
        case text(UnsafePointer<UInt8>, Int)
        /// Anything else, written the general way.
        case other([UInt8])

        var size: Int {
            switch self {
            case .null: 4
            case .integer: 20
            case .text(_, let n): n + 2
            case .other(let bytes): bytes.count
            }
        }
    }

    /// `{"key":["<table>"`
    private let prefix: [UInt8]
    /// The column of each key part.
    private let keyColumns: [Int]
    /// `],"row":{`
    private let middle: [UInt8] = Array(#"],"row":{"#.utf8)
    /// Per column in canonical key order: its index and where its `"name":` (with a leading comma
    /// after the first) ends in `keys`.
    private let members: [(column: Int, keyEnd: Int, optional: Bool)]
    /// Every column's `"name":`, one after the other.
    private let keys: [UInt8]
    /// The current row's values, by column.
    private var values: [Value]
    /// The line is the first `count` bytes.
    private var buffer: [UInt8] = Array(repeating: 0, count: 4096)
    private var count = 0

    /// The line of the row last written.
    var line: ArraySlice<UInt8> { buffer[..<count] }

    /// `omittedWhenNull`: columns whose key is left out when the value is NULL (never the first
    /// column in canonical order, so the commas stay right).
    init(table: String, columnNames: [String], key: [String], omittedWhenNull: Set<String> = []) {
        var prefix = Array(#"{"key":["#.utf8)
        CanonicalJSON.writeString(table, into: &prefix)
        self.prefix = prefix
        keyColumns = key.map { k in columnNames.firstIndex(of: k)! }
        let order = columnNames.indices.sorted { CanonicalJSON.precedes(columnNames[$0], columnNames[$1]) }
        var keys: [UInt8] = []
        precondition(order.first.map { !omittedWhenNull.contains(columnNames[$0]) } ?? true)
        members = order.enumerated().map { n, i in
            if n > 0 { keys.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(columnNames[i], into: &keys)
            keys.append(UInt8(ascii: ":"))
            return (i, keys.count, omittedWhenNull.contains(columnNames[i]))
        }
        self.keys = keys
        values = Array(repeating: .null, count: columnNames.count)
    }

    /// Makes `line` the line of the statement's current row.
    mutating func write(row statement: OpaquePointer) {
        // First pass: read every value and add up the line's largest size.
        var size = prefix.count + middle.count + keys.count + 2
        for column in values.indices {
            let value = Self.read(statement, Int32(column))
            values[column] = value
            size += value.size
        }
        for column in keyColumns { size += 1 + values[column].size }
        if buffer.count < size { buffer = Array(repeating: 0, count: size * 2) }
        // Second pass: copy.
        count = buffer.withUnsafeMutableBufferPointer { out in
            var at = out.baseAddress!
            prefix.withUnsafeBufferPointer { Self.copy($0, to: &at) }
            for column in keyColumns {
                at.pointee = UInt8(ascii: ",")
                at += 1
                Self.copy(values[column], to: &at)
            }
            middle.withUnsafeBufferPointer { Self.copy($0, to: &at) }
            keys.withUnsafeBufferPointer { keys in
                var keyStart = 0
                for member in members {
                    defer { keyStart = member.keyEnd }
                    if member.optional, case .null = values[member.column] { continue }
                    Self.copy(UnsafeBufferPointer(rebasing: keys[keyStart..<member.keyEnd]), to: &at)
                    Self.copy(values[member.column], to: &at)
                }
            }
            at[0] = UInt8(ascii: "}")
            at[1] = UInt8(ascii: "}")
            return at + 2 - out.baseAddress!
        }
    }

    @inline(__always)
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, to at: inout UnsafeMutablePointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        Memory.copy(bytes.count, from: base, to: at)
        at += bytes.count
    }

    @inline(__always)
    private static func copy(_ value: Value, to at: inout UnsafeMutablePointer<UInt8>) {
        switch value {
        case .null:
            at[0] = 0x6E  // null
            at[1] = 0x75
            at[2] = 0x6C
            at[3] = 0x6C
            at += 4
        case .integer(let i): integer(i, to: &at)
        case .text(let text, let n):
            at.pointee = UInt8(ascii: "\"")
            Memory.copy(n, from: text, to: at + 1)
            at[n + 1] = UInt8(ascii: "\"")
            at += n + 2
        case .other(let bytes): bytes.withUnsafeBufferPointer { copy($0, to: &at) }
        }
    }

    /// Writes `i` in decimal (as `String(i)` does).
    @inline(__always)
    private static func integer(_ i: Int64, to at: inout UnsafeMutablePointer<UInt8>) {
        if i >= 0 && i < 10 {
            at.pointee = 0x30 + UInt8(i)
            at += 1
            return
        }
        if i < 0 {
            at.pointee = UInt8(ascii: "-")
            at += 1
        }
        var magnitude = i.magnitude
        var digits = 0
        var rest = magnitude
        repeat {
            digits += 1
            rest /= 10
        } while rest > 0
        var n = digits
        repeat {
            n -= 1
            at[n] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        at += digits
    }

    /// One column's value of the current row.
    @inline(__always)
    private static func read(_ statement: OpaquePointer, _ column: Int32) -> Value {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_TEXT:
            if let text = sqlite3_column_text(statement, column) {
                let n = Int(sqlite3_column_bytes(statement, column))
                if isPlain(UnsafeBufferPointer(start: text, count: n)) { return .text(text, n) }
            }
            return other(statement, column)
        default: return other(statement, column)
        }
    }

    /// The general path: the value as GRDB reads it, written as ``SnapshotRows`` always did.
    private static func other(_ statement: OpaquePointer, _ column: Int32) -> Value {
        var w = CanonicalWriter(capacity: 0)
        SnapshotRows.write(DatabaseValue(sqliteStatement: statement, index: column), into: &w)
        return .other(w.bytes)
    }

    /// Whether `text` is ASCII with nothing JSON escapes (so also no NUL): most text is.
    @inline(__always)
    private static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // One pass without branches (vectorised).
        var high: UInt8 = 0
        var special: UInt8 = 0
        for b in text {
            high |= b
            special |= (b < 0x20 ? 1 : 0) | (b == 0x22 ? 1 : 0) | (b == 0x5C ? 1 : 0)
        }
        return high < 0x80 && special == 0
    }
}
