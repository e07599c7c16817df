import Glibc

/// What a name in the file system is (`stat`'s file type).
public enum FileKind: Sendable, Equatable {
    case regular, directory, symbolicLink, characterDevice, blockDevice, fifo, socket, unknown

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }

    /// The kind in words, for messages: "a folder", "a FIFO", "a regular file"….
    public var words: String {
        switch self {
        case .directory: "a folder"
        case .characterDevice: "a character device"
        case .blockDevice: "a block device"
        case .fifo: "a FIFO"
        case .socket: "a socket"
        case .symbolicLink: "a symbolic link"
        case .regular: "a regular file"
        case .unknown: "not a regular file"
        }
    }
}

extension FileSystem {
    /// What is at `path` (the link itself unless `followingLinks`); nil when nothing is there
    /// or it cannot be examined.
    public static func kind(of path: String, followingLinks: Bool = true) -> FileKind? {
        var st = stat()
        let found = followingLinks ? stat(path, &st) : lstat(path, &st)
        return found == 0 ? FileKind(mode: st.st_mode) : nil
    }
}
