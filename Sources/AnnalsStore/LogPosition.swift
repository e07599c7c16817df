import AnnalsCore

/// Where a record stands in `Events/`: its segment (by first seq), byte offset and line there,
/// and its seq. Lets a reader resume right at a record without reading what comes before.
public struct LogPosition: Sendable, Equatable, Codable {
    public var segment: Int64
    public var offset: Int
    public var line: Int
    public var seq: Int64

    public init(segment: Int64, offset: Int, line: Int, seq: Int64) {
        self.segment = segment
        self.offset = offset
        self.line = line
        self.seq = seq
    }
}
