import AnnalsCore
import AnnalsSystem

/// A run of whole lines of one segment, cut by `verify`'s reader for a worker to check.
struct VerifyChunk: Sendable {
    /// The segment's place in the log's list of segments.
    var segment: Int
    /// Where `bytes` start in the segment file.
    var offset: Int
    var bytes: [UInt8]
    /// The first piece of its segment (the segment's name is checked before its lines).
    var startsSegment: Bool
    /// The segment file ends with these bytes, so a last line without a newline is torn. When
    /// false, every line ends with a newline, or else the last one goes on longer than any
    /// record (and the reader stopped there).
    var endsSegment: Bool
    /// Reading the segment failed after these bytes; raised in log order.
    var failure: StoreError?

    /// What the in-order checks need from each good record, from the first line on, up to the
    /// first line that is not a good record, and what is wrong with that one. Runs on a worker.
    func check() -> VerifyChunkResult {
        var result = VerifyChunkResult(chunk: self)
        result.records.reserveCapacity(bytes.count / 512 + 1)
        var lines = BlockLines()
        lines.load(bytes)
        while let line = lines.next() {
            let terminated = line.endIndex < bytes.count
            if line.count > LineReader.maxLine && isOverlong(line, terminated: terminated) {
                result.stop = .overlong
                break
            }
            guard terminated else {
                result.stop = endsSegment ? .torn(line.count) : .overlong
                break
            }
            do throws(RecordCodec.Problem) {
                result.records.append(RecordFacts(try RecordCodec.decode(line)))
            } catch {
                result.stop = .invalid(error.description)
                break
            }
        }
        return result
    }

    /// Whether ``LineReader``, which `verify` used to read with, refuses `line` (longer than
    /// ``LineReader/maxLine``) as too long: it does when, at the end of one of its 1 MiB reads
    /// (or the end of the file), it holds more than that many bytes of the line and no newline.
    private func isOverlong(_ line: ArraySlice<UInt8>, terminated: Bool) -> Bool {
        let start = offset + line.startIndex
        let end = offset + line.endIndex
        let lastRead = terminated ? end / LineReader.chunk * LineReader.chunk : end
        return lastRead - start > LineReader.maxLine
    }

    /// The `index`th line (from 0) of the chunk, without its newline.
    func line(_ index: Int) -> ArraySlice<UInt8>? {
        var lines = BlockLines()
        lines.load(bytes)
        for _ in 0..<index { _ = lines.next() }
        return lines.next()
    }
}

/// What a worker found in a ``VerifyChunk``.
struct VerifyChunkResult: Sendable {
    enum Stop: Sendable {
        /// Not a good record: ``RecordCodec/Problem``'s description.
        case invalid(String)
        /// A last line of this many bytes without a newline.
        case torn(Int)
        /// Longer than ``LineReader/maxLine`` (an error, not a defect, as with ``LineReader``).
        case overlong
    }

    var chunk: VerifyChunk
    /// The good records at the start of the chunk, one per line.
    var records: [RecordFacts] = []
    /// What is wrong with the line after them, if the chunk has one.
    var stop: Stop?
}

/// What `verify`'s in-order checks need of a record that decoded and checked on its own.
struct RecordFacts: Sendable {
    var seq: Int64
    var prev: ChainHash
    var hash: ChainHash
    var recorded: Timestamp
    /// Keys of the names a record may define only once: its id, then its entity and ban if any.
    var names: (NameKey, NameKey?, NameKey?)

    init(_ record: Record) {
        seq = record.seq
        prev = ChainHash(hex: record.prev)!
        hash = ChainHash(hex: record.hash)!
        recorded = record.recorded
        names = (
            Name(.event, record.id).key, record.event.entity.map { Name(.entity, $0.id).key },
            record.event.ban.map { Name(.ban, $0.id).key }
        )
    }

    /// The names behind ``names``, in the same order (the same as `names` with nils left out).
    static func uniqueNames(of record: Record) -> [Name] {
        var unique = [Name(.event, record.id)]
        if let e = record.event.entity { unique.append(Name(.entity, e.id)) }
        if let b = record.event.ban { unique.append(Name(.ban, b.id)) }
        return unique
    }
}
