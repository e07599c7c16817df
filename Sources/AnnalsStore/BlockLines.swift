import AnnalsSystem

/// Splits blocks of whole lines (as ``GzipBlockReader`` makes them) into lines, without copying:
/// each line is a slice of its block.
struct BlockLines {
    private var block: [UInt8] = []
    private var start = 0

    /// Starts on a new block (the previous one must be used up).
    mutating func load(_ block: [UInt8]) {
        self.block = block
        start = 0
    }

    /// The next line of the current block without its newline, or nil when it is used up. A
    /// block's last line may lack its newline (the end of a file without one).
    @inline(__always)
    mutating func next() -> ArraySlice<UInt8>? {
        let count = block.count
        guard start < count else { return nil }
        let nl = block.withUnsafeBufferPointer { b -> Int in
            let base = UnsafeRawPointer(b.baseAddress!)
            guard let found = Memory.find(0x0A, in: base + start, count: count - start) else { return count }
            return UnsafeRawPointer(found) - base
        }
        let line = block[start..<nl]
        start = nl + 1
        return line
    }
}
