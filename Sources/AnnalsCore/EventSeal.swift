extension Event {
    /// The chain fields that turn an event into a record.
    public struct Seal: Sendable {
        public var seq: Int64
        public var prev: String
        /// Nil while computing the hash itself.
        public var hash: String?
        public var id: String
        public var recorded: String
        public var recorder: String

        public init(seq: Int64, prev: String, hash: String?, id: String, recorded: Timestamp, recorder: String) {
            self.seq = seq
            self.prev = prev
            self.hash = hash
            self.id = id
            self.recorded = recorded.description
            self.recorder = recorder
        }

        /// A seal whose `recorded` time is already written out (as read from a record).
        init(seq: Int64, prev: String, hash: String?, id: String, recordedText: String, recorder: String) {
            self.seq = seq
            self.prev = prev
            self.hash = hash
            self.id = id
            self.recorded = recordedText
            self.recorder = recorder
        }
    }
}
