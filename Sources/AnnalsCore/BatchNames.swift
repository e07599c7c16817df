/// The names a batch has defined so far, each with the seq of the event that defined it (or, for
/// a value name, its value): what the validator checks later items of the batch against.
/// The first definition of a name wins, as in the log's name index.
public protocol BatchNames: AnyObject {
    func value(of key: NameKey) throws -> Int64?
    func insert(_ key: NameKey, value: Int64) throws
    /// How many names it holds.
    var count: Int { get }
    /// Calls `body` with every name and its value, in no particular order.
    func forEachEntry(_ body: (NameKey, Int64) throws -> Void) rethrows
}

/// ``BatchNames`` in memory, for small batches and tests. The store keeps a large batch's names
/// in a table on disk instead, so memory does not grow with the batch.
public final class BatchNameSet: BatchNames {
    private var table: [NameKey: Int64] = [:]

    public init() {}

    public func value(of key: NameKey) -> Int64? { table[key] }

    public func insert(_ key: NameKey, value: Int64) {
        if table[key] == nil { table[key] = value }
    }

    public var count: Int { table.count }

    public func forEachEntry(_ body: (NameKey, Int64) throws -> Void) rethrows {
        for (key, value) in table { try body(key, value) }
    }
}
