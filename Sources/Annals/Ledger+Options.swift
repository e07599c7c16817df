import AnnalsCore

extension Ledger {
    /// The settings a ledger runs with. Annals never reads the environment itself: the CLI fills
    /// this value from its flags and the environment (``init(environment:)``), a program embedding
    /// Annals sets the fields it wants.
    public struct Options: Sendable {
        /// The ledger folder; nil: the nearest one at or above the current directory.
        public var ledgerPath: String?
        /// The size at which a segment file of `Events/` is closed (`ANNALS_SEGMENT_BYTES`).
        public var segmentBytes: Int?
        /// How long a writer waits for the ledger's lock, in seconds (`ANNALS_LOCK_TIMEOUT`).
        public var lockTimeout: Double?
        /// For crash tests: a batch's sealed records are written in pieces of this many bytes
        /// (`ANNALS_FLUSH_BYTES`).
        public var flushBytes: Int?
        /// Who records appends that name no recorder (`ANNALS_RECORDER`).
        public var recorder: String?
        /// For tests: lowers (never raises) the bytes an `import csv` sheet may hold
        /// (`ANNALS_IMPORT_LIMIT_BYTES`).
        public var importLimitBytes: Int?
        /// The recorder's last resort, git's `user.name` (``Ledger/gitUserName()``); nil: none.
        public var recorderFromGit: @Sendable () -> String?

        /// Options with every setting at its default, and no recorder from git.
        public init(
            ledgerPath: String? = nil, segmentBytes: Int? = nil, lockTimeout: Double? = nil, flushBytes: Int? = nil,
            recorder: String? = nil, recorderFromGit: @escaping @Sendable () -> String? = { nil }
        ) {
            self.ledgerPath = ledgerPath
            self.segmentBytes = segmentBytes
            self.lockTimeout = lockTimeout
            self.flushBytes = flushBytes
            self.recorder = recorder
            self.recorderFromGit = recorderFromGit
        }

        /// The settings `environment` names (`ANNALS_LEDGER`, `ANNALS_SEGMENT_BYTES`, `ANNALS_LOCK_TIMEOUT`,
        /// `ANNALS_FLUSH_BYTES`, `ANNALS_RECORDER`, `ANNALS_IMPORT_LIMIT_BYTES`); an empty or out-of-range value is left at its default.
        public init(environment: [String: String]) {
            self.init()
            ledgerPath = environment["ANNALS_LEDGER"].flatMap { $0.isEmpty ? nil : $0 }
            segmentBytes = environment["ANNALS_SEGMENT_BYTES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            lockTimeout = environment["ANNALS_LOCK_TIMEOUT"].flatMap { Double($0) }.flatMap { $0 >= 0 ? $0 : nil }
            flushBytes = environment["ANNALS_FLUSH_BYTES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            recorder = environment["ANNALS_RECORDER"].flatMap { $0.isEmpty ? nil : $0 }
            importLimitBytes = environment["ANNALS_IMPORT_LIMIT_BYTES"].flatMap { Int($0) }
        }

        /// As ``init(environment:)``, but an `ANNALS_LOCK_TIMEOUT` or `ANNALS_SEGMENT_BYTES` that is not a
        /// number in range is refused (a usage error) rather than left at its default.
        public static func checked(environment: [String: String]) throws(EnvironmentError) -> Options {
            if let s = environment["ANNALS_LOCK_TIMEOUT"], !(Double(s).map { $0 >= 0 && $0.isFinite } ?? false) {
                throw EnvironmentError(
                    name: "ANNALS_LOCK_TIMEOUT", value: s, expected: "a number of seconds, 0 or more", example: "30")
            }
            if let s = environment["ANNALS_SEGMENT_BYTES"], !(Int(s).map { $0 > 0 } ?? false) {
                throw EnvironmentError(
                    name: "ANNALS_SEGMENT_BYTES", value: s, expected: "a number of bytes, more than 0",
                    example: "8388608")
            }
            return Options(environment: environment)
        }
    }
}
