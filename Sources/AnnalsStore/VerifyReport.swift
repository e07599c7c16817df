import AnnalsCore

/// What `verify` found: the log's extent and head, and the first defect if any.
public struct VerifyReport: Sendable {
    public struct Defect: Sendable, CustomStringConvertible {
        public var segment: String
        /// 1-based line within the segment.
        public var line: Int
        /// The seq the record at that place should have.
        public var seq: Int64
        public var problem: String
        public var description: String {
            line == 0 ? "\(segment) (seq \(seq)): \(problem)" : "\(segment) line \(line) (seq \(seq)): \(problem)"
        }

        public init(segment: String, line: Int, seq: Int64, problem: String) {
            self.segment = segment
            self.line = line
            self.seq = seq
            self.problem = problem
        }
    }
    public var segments: Int = 0
    public var records: Int64 = 0
    /// Hash of the last good record: the chain head.
    public var head: String = Digest.genesis
    public var lastRecorded: Timestamp?
    public var defect: Defect?
    /// Things worth saying that are not defects (a log shorter than last seen, but committed so).
    public var notes: [String] = []
    public var ok: Bool { defect == nil }
}
