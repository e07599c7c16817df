import AnnalsCore
import AnnalsSystem

/// Cuts the log's segments, in order, into ``VerifyChunk``s of whole lines of about `chunkBytes`
/// each, holding no more than one chunk of its own. Every segment gives at least one chunk (an
/// empty one for an empty file), the first marked as its start and the last as its end. A file
/// that cannot be opened or read gives a chunk carrying the error, so it is raised in log order.
struct VerifyReader {
    let segments: [Segment]
    let chunkBytes: Int
    private var index = 0
    private var file: PosixFile?
    /// Bytes read but not handed out (the start of a line), and where they are in the file.
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    /// The size of the open segment file.
    private var size = 0
    private var startsSegment = true

    init(segments: [Segment], chunkBytes: Int) {
        precondition(chunkBytes > 0)
        self.segments = segments
        self.chunkBytes = chunkBytes
    }

    /// The next chunk in log order, or nil after the last segment's end.
    mutating func next() -> VerifyChunk? {
        guard index < segments.count else { return nil }
        if file == nil {
            do {
                let opened = try PosixFile(path: segments[index].path, flags: .readOnly)
                size = try opened.size()
                file = opened
            } catch {
                return finishSegment(failure: error)
            }
        }
        while true {
            let before = pending.count
            let want = min(chunkBytes, size - pendingOffset - before)
            guard want > 0 else { return finishSegment(failure: nil) }
            do {
                pending = try file!.read(at: pendingOffset + before, count: want, after: pending)
            } catch {
                pending = []
                return finishSegment(failure: error)
            }
            // The end of the file (or a file that shrank under the lock: what is there).
            if pending.count - before < want || pendingOffset + pending.count == size {
                return finishSegment(failure: nil)
            }
            if let newline = lastNewline(after: before) {
                let tail = Array(pending[(newline + 1)...])
                pending.removeSubrange((newline + 1)...)
                let piece = chunk(pending, endsSegment: false)
                pendingOffset += pending.count
                pending = tail
                return piece
            }
            // No newline in more than any record and one whole read: `LineReader` refuses that
            // line, so nothing after it in the segment matters.
            if pending.count > LineReader.maxLine + LineReader.chunk { return finishSegment(failure: nil, ends: false) }
        }
    }

    /// The last newline in `pending` at or after `from`.
    private func lastNewline(after from: Int) -> Int? {
        pending.withUnsafeBufferPointer { buffer in
            var i = buffer.count - 1
            while i >= from {
                if buffer[i] == 0x0A { return i }
                i -= 1
            }
            return nil
        }
    }

    /// Hands out what is pending as the segment's last chunk and moves to the next segment.
    private mutating func finishSegment(failure: StoreError?, ends: Bool = true) -> VerifyChunk {
        var last = chunk(pending, endsSegment: ends && failure == nil)
        last.failure = failure
        index += 1
        file = nil
        pending = []
        pendingOffset = 0
        startsSegment = true
        return last
    }

    private mutating func chunk(_ bytes: [UInt8], endsSegment: Bool) -> VerifyChunk {
        defer { startsSegment = false }
        return VerifyChunk(
            segment: index, offset: pendingOffset, bytes: bytes, startsSegment: startsSegment,
            endsSegment: endsSegment, failure: nil)
    }
}
