import Foundation
import GRDB

/// PostgreSQL's text values as the SQLite projection gives them, so one set of row types and
/// renderers serves both: integers and booleans as integers, floating and numeric values as
/// reals, dates as `YYYY-MM-DD`, times as the ledger's `YYYY-MM-DDTHH:MM:SSZ`, the rest as text.
enum PostgresValues {
    /// One value of a column of type `type` (a `pg_type` OID).
    static func value(_ text: String?, type: UInt32) -> DatabaseValue {
        guard let text else { return .null }
        switch type {
        case PostgresType.int8, PostgresType.int4, PostgresType.int2:
            return Int64(text).map { $0.databaseValue } ?? text.databaseValue
        case PostgresType.float4, PostgresType.float8, PostgresType.numeric:
            return Double(text).map { $0.databaseValue } ?? text.databaseValue
        case PostgresType.bool: return Int64(text == "t" ? 1 : 0).databaseValue
        case PostgresType.timestamptz: return timestamp(text).databaseValue
        case PostgresType.bytea: return bytes(text).databaseValue
        default: return text.databaseValue
        }
    }

    /// A `timestamptz` in UTC (`2025-01-02 03:04:05+00`) in the ledger's form (`2025-01-02T03:04:05Z`).
    static func timestamp(_ text: String) -> String {
        guard text.hasSuffix("+00") else { return text }
        return text.dropLast(3).replacingOccurrences(of: " ", with: "T") + "Z"
    }

    /// A `bytea` in PostgreSQL's hex form (`\x0a1b…`).
    static func bytes(_ text: String) -> Data {
        let hex = Array(text.utf8.dropFirst(2))
        var out = Data(capacity: hex.count / 2)
        var i = 0
        while i + 1 < hex.count {
            out.append(UInt8(String(decoding: hex[i...i + 1], as: UTF8.self), radix: 16) ?? 0)
            i += 2
        }
        return out
    }

    /// Every row of `answer` as a GRDB row (for decoding into a ``ProjectionRow``).
    static func rows(_ answer: PostgresRows) -> [Row] {
        answer.values.map { values in
            var dictionary: [String: (any DatabaseValueConvertible)?] = [:]
            for (i, name) in answer.columns.enumerated() {
                dictionary[name] = value(values[i], type: answer.types[i])
            }
            return Row(dictionary)
        }
    }

    /// The cell `annals query` shows for a value.
    static func cell(_ text: String?, type: UInt32) -> ResultTable.Cell {
        switch value(text, type: type).storage {
        case .null: .null
        case .int64(let v): .integer(v)
        case .double(let v): .real(v)
        case .string(let v): .text(v)
        case .blob(let v): .blob(Array(v))
        }
    }

    /// A parameter as text (nil: NULL).
    static func parameter(_ value: (any DatabaseValueConvertible)?) -> String? {
        guard let value else { return nil }
        switch value.databaseValue.storage {
        case .null: return nil
        case .int64(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .blob(let v): return String(decoding: v, as: UTF8.self)
        }
    }

    /// `sql` with SQLite's placeholders in PostgreSQL's form: `?NNN` becomes `$NNN` and each bare
    /// `?` the next `$n`. Quoted strings and identifiers are left as they are.
    static func placeholders(_ sql: String) -> String {
        var out = ""
        var next = 0
        var quote: Character? = nil
        var chars = sql.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                out.append(c)
                continue
            }
            guard c == "?" else {
                out.append(c)
                continue
            }
            var digits = ""
            while let d = chars.next() {
                if d.isASCII && d.isNumber {
                    digits.append(d)
                } else {
                    pending = d
                    break
                }
            }
            if digits.isEmpty {
                next += 1
                out += "$\(next)"
            } else {
                out += "$" + digits
            }
        }
        return out
    }
}
