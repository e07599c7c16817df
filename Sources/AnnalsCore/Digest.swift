import Crypto

/// SHA-256 as Annals uses it: the one place where bytes become hashes.
public enum Digest {
    /// Lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex<C: Collection<UInt8>>(_ bytes: C) -> String {
        hex(sha256(bytes))
    }

    /// Raw SHA-256 of `bytes`.
    public static func sha256<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        var hasher = SHA256()
        if let done = bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) {
            _ = done
        } else {
            hasher.update(data: Array(bytes))
        }
        return Array(hasher.finalize())
    }

    /// The hash that stands before the first record of a log.
    public static let genesis = String(repeating: "0", count: 64)

    private static let digits = Array("0123456789abcdef".utf8)

    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `s` is 64 lowercase hex digits.
    public static func isHex64(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
