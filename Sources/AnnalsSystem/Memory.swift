import Glibc

/// The C library's memory routines the hot loops use, inlined into their callers.
public enum Memory {
    /// Where the first `byte` is among the `count` bytes at `start` (`memchr`); nil if none.
    @inlinable @inline(__always)
    public static func find(_ byte: UInt8, in start: UnsafeRawPointer, count: Int) -> UnsafeRawPointer? {
        UnsafeRawPointer(memchr(start, Int32(byte), count))
    }

    /// Copies `count` bytes from `source` to `target` (`memcpy`: the two must not overlap).
    @inlinable @inline(__always)
    public static func copy(_ count: Int, from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer) {
        memcpy(target, source, count)
    }

    /// Whether the `count` bytes at `a` and at `b` are the same (`memcmp`).
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        memcmp(a, b, count) == 0
    }
}
