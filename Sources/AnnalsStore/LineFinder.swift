import AnnalsCore
import AnnalsSystem

/// Finds the line of a record by its seq in one segment without reading the segment through:
/// it bisects byte offsets, reading the seq of the first whole line after each, until a short
/// stretch is left, then walks that stretch's lines.
struct LineFinder {
    let file: PosixFile
    let size: Int
    let segment: Segment
    /// Below this many bytes between the bounds, the lines are walked.
    static let walk = 64 << 10

    /// The line (without its newline) of the record at `seq`.
    mutating func line(seq: Int64) throws(StoreError) -> [UInt8] {
        let (low, lowSeq) = try start(seq: seq)
        var reader = LineReader(file: file, startingAt: low, firstLine: 1)
        var at = lowSeq
        while let line = try reader.next() {
            guard case .complete(let bytes) = line else { break }
            if at == seq { return Array(bytes) }
            at += 1
        }
        throw StoreError.corrupt(
            segment: "Events/" + segment.name, line: 0, seq: seq, problem: "no line of the segment holds this seq")
    }

    /// The start of a line whose seq is at most `seq`, fewer than ``walk`` bytes before the line of `seq`
    /// (when the segment holds it), and that line's seq.
    mutating func start(seq: Int64) throws(StoreError) -> (offset: Int, seq: Int64) {
        // `low` is always the start of a line whose seq is at most `seq`.
        var low = 0
        var lowSeq = segment.firstSeq
        var high = size
        while high - low > Self.walk {
            let middle = low + (high - low) / 2
            guard let found = try lineStart(after: middle), found.offset < high else {
                high = middle
                continue
            }
            let foundSeq = try self.seq(at: found.offset, line: found.line)
            if foundSeq <= seq {
                low = found.offset
                lowSeq = foundSeq
            } else {
                high = middle
            }
        }
        return (low, lowSeq)
    }

    /// The start of the first line that begins after `offset`, and that line (nil past the end).
    private func lineStart(after offset: Int) throws(StoreError) -> (offset: Int, line: [UInt8])? {
        var at = offset
        while at < size {
            let chunk = try file.read(at: at, count: min(Self.walk, size - at))
            if let newline = chunk.firstIndex(of: 0x0A) {
                let start = at + newline + 1
                return start < size ? (start, try lineBytes(at: start)) : nil
            }
            at += chunk.count
        }
        return nil
    }

    /// The bytes of the line starting at `start`, without its newline.
    private func lineBytes(at start: Int) throws(StoreError) -> [UInt8] {
        var bytes: [UInt8] = []
        var at = start
        while at < size && bytes.count <= LineReader.maxLine {
            let chunk = try file.read(at: at, count: min(Self.walk, size - at))
            if let newline = chunk.firstIndex(of: 0x0A) {
                bytes += chunk[..<newline]
                return bytes
            }
            bytes += chunk
            at += chunk.count
        }
        return bytes
    }

    private func seq(at offset: Int, line: [UInt8]) throws(StoreError) -> Int64 {
        do {
            return try RecordCodec.peek(line[...]).seq
        } catch {
            throw .corrupt(
                segment: "Events/" + segment.name, line: 0, seq: 0,
                problem: "the line at byte \(offset) is not a record (\(error.description))")
        }
    }
}
