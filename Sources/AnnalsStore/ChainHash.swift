import AnnalsCore

/// A record's `hash` or `prev` held as its 32 raw bytes, so `verify` can pass and compare chain
/// links without keeping 64-character strings.
struct ChainHash: Equatable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The hash of 64 lowercase hex digits (as ``Digest/isHex64(_:)`` accepts); nil otherwise.
    init?(hex: String) {
        var hex = hex
        let words = hex.withUTF8 { digits -> (UInt64, UInt64, UInt64, UInt64)? in
            guard digits.count == 64, let a = Self.word(digits, 0), let b = Self.word(digits, 16),
                let c = Self.word(digits, 32), let d = Self.word(digits, 48)
            else { return nil }
            return (a, b, c, d)
        }
        guard let words else { return nil }
        self.words = words
    }

    /// The 16 hex digits of `digits` from `start` as a number; nil if one is not a lowercase hex digit.
    private static func word(_ digits: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt64? {
        var word: UInt64 = 0
        for digit in digits[start..<start + 16] {
            let value: UInt8
            if digit &- 0x30 < 10 {
                value = digit &- 0x30
            } else if digit &- 0x61 < 6 {
                value = digit &- 0x61 &+ 10
            } else {
                return nil
            }
            word = word << 4 | UInt64(value)
        }
        return word
    }

    static let genesis = ChainHash(hex: Digest.genesis)!

    static func == (a: ChainHash, b: ChainHash) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
    }

    /// The 64 lowercase hex digits.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int(word >> UInt64(shift) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
