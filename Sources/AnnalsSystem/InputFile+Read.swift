import AnnalsCore
import Glibc

extension InputFile {
    /// What a whole-file input is for, and how many bytes it may hold (see the README's input caps).
    public struct Cap: Sendable, Equatable {
        /// What the file holds, for messages ("a key file").
        public var what: String
        public var bytes: Int

        public init(what: String, bytes: Int) {
            self.what = what
            self.bytes = bytes
        }

        /// A verifier or signing key file: a few keys.
        public static let keyFile = Cap(what: "a key file", bytes: 64 << 10)
        /// An import mapping (`--map`).
        public static let mapping = Cap(what: "a mapping", bytes: 1 << 20)
        /// A checkpoint (a C2SP signed note).
        public static let checkpoint = Cap(what: "a checkpoint", bytes: 1 << 20)
        /// A proof (`annals prove` output) or a record given as a file.
        public static let proof = Cap(what: "a proof", bytes: 8 << 20)
        /// The ledger's settings, ledger.json.
        public static let config = Cap(what: "ledger.json", bytes: 64 << 10)
    }

    /// The whole file at `path` (`-`: standard input), refused once it holds more than `cap.bytes`:
    /// a regular file's size is checked before a byte is read; a pipe or a process substitution
    /// (`/dev/fd/N`) is read in chunks and refused as soon as the cap is passed. A folder or a
    /// device (`/dev/zero`) is refused without reading. Missing: 66; unreadable: 74; too big: 65.
    public static func read(_ path: String, cap: Cap) throws(InputFileError) -> [UInt8] {
        let file = try InputFile(path: path)
        try file.checkKind()
        if file.isRegular && file.regularSize > cap.bytes { throw .tooBig(path: path, cap: cap) }
        var bytes: [UInt8] = []
        if file.isRegular { bytes.reserveCapacity(file.regularSize) }
        while let chunk = try file.next(count: min(chunkSize, cap.bytes + 1 - bytes.count)) {
            bytes += chunk
            if bytes.count > cap.bytes { throw .tooBig(path: path, cap: cap) }
        }
        return bytes
    }

    /// Refuses what is not a file's content: a folder, a character or block device.
    func checkKind() throws(InputFileError) {
        switch fileType {
        case S_IFDIR: throw InputFileError(path: path, errno: EISDIR)
        case S_IFCHR, S_IFBLK:
            throw InputFileError(path: path, errno: ENODEV, problem: "it is a device, not a file")
        default: return
        }
    }
}

extension InputFileError {
    /// An input over its cap.
    static func tooBig(path: String, cap: InputFile.Cap) -> InputFileError {
        var error = InputFileError(
            path: path, errno: EFBIG,
            problem: "it holds more than \(Self.amount(cap.bytes)), the most \(cap.what) may hold")
        error.fix = "give the right file; \(cap.what) is never that large"
        error.refused = true
        return error
    }

    static func amount(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
