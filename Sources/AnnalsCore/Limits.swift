/// Bounds on input so one hostile event cannot bloat the log. Documented in the README.
public enum Limits {
    public static let titleCharacters = 500
    public static let textCharacters = 20_000  // summary, quote, note, reason, statement
    public static let nameCharacters = 200  // names, roles, publishers, source titles
    public static let urlBytes = 2_048
    public static let identifierBytes = 120
    public static let externalIDCharacters = 200  // an event's id in an outside system
    public static let listItems = 100  // actors, claims, aliases, items, targets
    public static let sources = 50
    /// Largest encoded record, and largest single input event.
    public static let recordBytes = 256 * 1024
    /// The most one append reads: JSON Lines beyond this are refused (split the batch).
    public static let batchBytes = 4 << 30
    /// The most a JSON array input may be (it is parsed whole; JSON Lines stream).
    public static let arrayInputBytes = 64 << 20
}
