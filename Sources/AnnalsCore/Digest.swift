import Crypto

/// SHA-256 as Annals uses it: the one place where bytes become hashes.
public enum Digest {
    /// Lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: ArraySlice<UInt8>) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String { sha256Hex(bytes[...]) }

    /// Raw SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { sha256(bytes[...]) }

    public static func sha256(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// Lowercase hex SHA-256 of `bytes` without the bytes in `cuts` (ascending, disjoint ranges
    /// of indices of `bytes`), hashed in place without building the shorter array.
    public static func sha256Hex(_ bytes: [UInt8], cutting cuts: [Range<Int>]) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { all in
            var from = 0
            for cut in cuts {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[from..<cut.lowerBound]))
                from = cut.upperBound
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: all[from...]))
        }
        return hex(hasher.finalize())
    }

    /// SHA-256 of two strings joined by a NUL byte, without building the joined bytes.
    public static func sha256(parts a: String, _ b: String) -> [UInt8] {
        var hasher = SHA256()
        var a = a
        var b = b
        a.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
        b.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// The hash that stands before the first record of a log.
    public static let genesis = String(repeating: "0", count: 64)

    private static let digits = Array("0123456789abcdef".utf8)

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex of a digest, written straight into the string's storage.
    static func hex(_ digest: SHA256Digest) -> String {
        digest.withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { out in
                for (i, b) in raw.enumerated() {
                    out[2 * i] = hexDigit(b >> 4)
                    out[2 * i + 1] = hexDigit(b & 0xF)
                }
                return raw.count * 2
            }
        }
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    /// The bytes of lowercase hex `s` (nil unless it is an even number of lowercase hex digits).
    public static func bytes(hex s: some StringProtocol) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count / 2)
        var high: UInt8?
        for c in s.utf8 {
            guard (c &- 0x30) < 10 || (c &- 0x61) < 6 else { return nil }
            let v = c <= 0x39 ? c - 0x30 : c - 0x57
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return high == nil ? out : nil
    }

    /// Whether `s` is 64 lowercase hex digits.
    public static func isHex64(_ s: String) -> Bool {
        s.utf8.count == 64 && ByteScan.withBytes(s) { isLowerHex($0) }
    }

    /// Whether every byte is a lowercase hex digit.
    static func isLowerHex(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var ok = true
        for c in b { ok = ok && ((c &- 0x30) < 10 || (c &- 0x61) < 6) }
        return ok
    }
}
