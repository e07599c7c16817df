/// Scans of UTF-8 bytes eight at a time (SWAR), for the checks every text goes through: is it
/// ASCII, does it need escaping, does it hold control characters. Each answers exactly what a
/// byte-by-byte loop would.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Nonzero when some byte of `w` is below `n` (n ≤ 0x80).
    @inline(__always)
    private static func hasLess(_ w: UInt64, _ n: UInt8) -> UInt64 { (w &- ones &* UInt64(n)) & ~w & highs }

    /// Nonzero when some byte of `w` is `b`.
    @inline(__always)
    private static func hasByte(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(b))
        return (x &- ones) & ~x & highs
    }

    @inline(__always)
    private static func word(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    /// Whether every byte is ASCII.
    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return true }
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= b.count {
            high |= word(p, i)
            i += 8
        }
        var tail: UInt8 = 0
        while i < b.count {
            tail |= p[i]
            i += 1
        }
        return high & highs == 0 && tail < 0x80
    }

    /// Whether the text is ASCII without control characters (below U+0020, or U+007F) and is
    /// not all spaces: text that needs no further look.
    static func isPlainText(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = b.baseAddress else { return false }
        var i = 0
        var bad: UInt64 = 0
        var visible: UInt64 = 0
        while i + 8 <= b.count {
            let w = word(p, i)
            bad |= (w & highs) | hasLess(w, 0x20) | hasByte(w, 0x7F)
            visible |= w ^ 0x2020_2020_2020_2020
            i += 8
        }
        while i < b.count {
            let c = p[i]
            if c >= 0x7F || c < 0x20 { return false }
            if c != 0x20 { visible = 1 }
            i += 1
        }
        return bad == 0 && visible != 0
    }

    /// The index of the first byte at or after `from` that a JSON string cannot hold as it is
    /// (`"`, `\` or a control character below 0x20), or `b.count`; and whether any byte
    /// before it is not ASCII.
    @inline(__always)
    static func firstSpecial(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> (index: Int, sawNonASCII: Bool) {
        guard let p = b.baseAddress else { return (from, false) }
        var i = from
        var high: UInt64 = 0
        while i + 8 <= b.count {
            let w = word(p, i)
            let special = hasLess(w, 0x20) | hasByte(w, 0x22) | hasByte(w, 0x5C)
            if special != 0 {
                // The lowest flagged byte is exact (a false flag needs a borrow from a true one below).
                let k = special.trailingZeroBitCount / 8
                let before: UInt64 = k == 0 ? 0 : ~0 >> (64 - 8 * k)
                return (i + k, (high | (w & before)) & highs != 0)
            }
            high |= w
            i += 8
        }
        var tail: UInt8 = 0
        while i < b.count {
            let c = p[i]
            if c < 0x20 || c == 0x22 || c == 0x5C { break }
            tail |= c
            i += 1
        }
        return (i, high & highs != 0 || tail >= 0x80)
    }

    /// Whether `a` and `b` hold the same bytes, compared a word at a time.
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let p = a.baseAddress, let q = b.baseAddress else { return true }
        var i = 0
        while i + 8 <= a.count {
            if p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != q.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            {
                return false
            }
            i += 8
        }
        while i < a.count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Whether the bytes are well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), as `String(validating:as:)` judges.
    static func isValidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            @inline(__always) func cont(_ j: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
                j < n && b[j] >= lo && b[j] <= hi
            }
            switch c {
            case 0xC2...0xDF:
                guard cont(i + 1) else { return false }
                i += 2
            case 0xE0:
                guard cont(i + 1, 0xA0), cont(i + 2) else { return false }
                i += 3
            case 0xE1...0xEC, 0xEE...0xEF:
                guard cont(i + 1), cont(i + 2) else { return false }
                i += 3
            case 0xED:
                guard cont(i + 1, 0x80, 0x9F), cont(i + 2) else { return false }
                i += 3
            case 0xF0:
                guard cont(i + 1, 0x90), cont(i + 2), cont(i + 3) else { return false }
                i += 4
            case 0xF1...0xF3:
                guard cont(i + 1), cont(i + 2), cont(i + 3) else { return false }
                i += 4
            case 0xF4:
                guard cont(i + 1, 0x80, 0x8F), cont(i + 2), cont(i + 3) else { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }

    /// Calls `body` with the UTF-8 bytes of `s` (in place when the string is contiguous).
    @inline(__always)
    static func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
        return Array(s.utf8).withUnsafeBufferPointer(body)
    }
}
