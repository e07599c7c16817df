import Glibc

/// The process's environment variables.
public enum Environment {
    /// The value of `name`, or nil when it is not set.
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Sets `name` to `value` (replacing it).
    public static func set(_ name: String, to value: String) {
        setenv(name, value, 1)
    }
}
