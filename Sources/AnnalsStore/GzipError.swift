import CZlib

/// Failures of gzip streams, with the file they concern.
public enum GzipError: Error, Sendable, CustomStringConvertible {
    case zlib(path: String, code: Int32, message: String)
    case truncated(path: String)

    public var description: String {
        switch self {
        case .zlib(let path, _, let message): "\(path) is not a valid gzip file (\(message))"
        case .truncated(let path): "\(path) ends before its gzip stream does (truncated)"
        }
    }
}
