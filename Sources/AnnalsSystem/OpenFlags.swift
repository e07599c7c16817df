import Glibc

/// How ``PosixFile`` opens a file: the `open(2)` flags Annals uses, by name (close-on-exec is
/// always added).
public struct OpenFlags: OptionSet, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let readOnly = OpenFlags(rawValue: O_RDONLY)
    public static let writeOnly = OpenFlags(rawValue: O_WRONLY)
    public static let readWrite = OpenFlags(rawValue: O_RDWR)
    /// Creates the file when it is missing.
    public static let create = OpenFlags(rawValue: O_CREAT)
    /// With ``create``: fails when the file exists.
    public static let exclusive = OpenFlags(rawValue: O_EXCL)
    public static let truncate = OpenFlags(rawValue: O_TRUNC)
    public static let append = OpenFlags(rawValue: O_APPEND)
    /// Fails on a symbolic link instead of following it.
    public static let noFollow = OpenFlags(rawValue: O_NOFOLLOW)
    public static let directory = OpenFlags(rawValue: O_DIRECTORY)

    /// Whether the file is opened for writing (for messages: "open for writing").
    var writes: Bool { rawValue & (O_WRONLY | O_RDWR) != 0 }
}
