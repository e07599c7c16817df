import AnnalsCore
import AnnalsSystem

/// The SHA-256, line count and size of a snapshot body, fed a block at a time. A body whose
/// last line lacks its newline counts as if it had one (as reading it line by line does).
struct SnapshotBodyDigest {
    private var digest = StreamingDigest()
    private(set) var lines: Int64 = 0
    private(set) var bytes: Int64 = 0
    private var last: UInt8 = 0x0A

    mutating func update(_ body: ArraySlice<UInt8>) {
        guard let final = body.last else { return }
        digest.update(body)
        bytes += Int64(body.count)
        last = final
        lines += body.withUnsafeBufferPointer { b in
            // memchr per line: lines are long enough for it to beat a byte loop.
            var n: Int64 = 0
            var at = UnsafeRawPointer(b.baseAddress!)
            let end = at + b.count
            while let found = Memory.find(0x0A, in: at, count: end - at) {
                n += 1
                at = UnsafeRawPointer(found) + 1
            }
            return n
        }
    }

    consuming func finish() -> Summary {
        if last != 0x0A {
            digest.update([0x0A])
            lines += 1
            bytes += 1
        }
        return Summary(digest: digest.finalizeHex(), lines: lines, bytes: bytes)
    }

    struct Summary: Sendable {
        var digest: String
        var lines: Int64
        var bytes: Int64
    }
}
