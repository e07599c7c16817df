/// Standard base64 (RFC 4648 §4, with padding), strict: a text decodes only if it is the one encoding of its
/// bytes, so a signed value has a single spelling. Foundation's decoder accepts non-zero padding bits.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each alphabet byte, 0xFF for every other byte.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// The padded base64 text of `bytes`.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var it = bytes.makeIterator()
        while let a = it.next() {
            let b = it.next()
            let c = it.next()
            let n = UInt32(a) << 16 | UInt32(b ?? 0) << 8 | UInt32(c ?? 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(b == nil ? UInt8(ascii: "=") : alphabet[Int(n >> 6 & 63)])
            out.append(c == nil ? UInt8(ascii: "=") : alphabet[Int(n & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil unless it is canonical padded base64: a multiple of four characters
    /// from the standard alphabet, "=" only as the last one or two, unused bits zero, no whitespace.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 4 * 3)
        var i = 0
        while i < chars.count {
            let last = i + 4 == chars.count
            let pad = last ? padding(chars[i + 2], chars[i + 3]) : 0
            guard pad >= 0 else { return nil }
            var n: UInt32 = 0
            for k in 0..<(4 - pad) {
                let v = values[Int(chars[i + k])]
                guard v != 0xFF else { return nil }
                n = n << 6 | UInt32(v)
            }
            n <<= UInt32(6 * pad)
            // The bits a padded group leaves unused must be zero, or two texts would spell the same bytes.
            guard n & (pad == 2 ? 0xFFFF : pad == 1 ? 0xFF : 0) == 0 else { return nil }
            out.append(UInt8(n >> 16))
            if pad < 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if pad < 1 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }

    /// How many "=" end the last group (0, 1 or 2), or -1 for "=" before a non-"=".
    private static func padding(_ third: UInt8, _ fourth: UInt8) -> Int {
        let eq = UInt8(ascii: "=")
        switch (third == eq, fourth == eq) {
        case (true, true): return 2
        case (false, true): return 1
        case (false, false): return 0
        case (true, false): return -1
        }
    }
}
