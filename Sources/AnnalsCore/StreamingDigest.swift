import Crypto

/// SHA-256 over bytes that arrive in pieces (a snapshot's body, line by line).
public struct StreamingDigest {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    public mutating func update(_ bytes: [UInt8]) { update(bytes[...]) }

    public func finalizeHex() -> String { Digest.hex(hasher.finalize()) }
}
