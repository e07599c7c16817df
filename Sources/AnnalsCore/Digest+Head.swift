import Crypto

extension Digest {
    /// The first 128 bits of the SHA-256 of two strings joined by a NUL byte (as
    /// ``sha256(parts:_:)`` hashes them), read as two native-endian words, without allocating.
    static func sha256Head(parts a: String, _ b: String) -> (UInt64, UInt64) {
        var hasher = SHA256()
        var a = a
        var b = b
        a.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { hasher.update(bufferPointer: $0) }
        b.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return hasher.finalize().withUnsafeBytes {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }
}
