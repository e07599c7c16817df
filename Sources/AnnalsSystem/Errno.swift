import Glibc

/// The system error numbers the store names itself (in ``StoreError/io(path:operation:errno:)``).
public enum Errno {
    /// EIO: a file ended where its own records say it goes on.
    public static let io = EIO
    /// EINVAL: a file too short for what must be in it.
    public static let invalid = EINVAL
    /// EACCES: permission denied.
    public static let accessDenied = EACCES
}
