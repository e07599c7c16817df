import AnnalsProjection

/// A PostgreSQL projection `annals sync` keeps: a database and a schema in it.
public struct PostgresTarget {
    let sync: PostgresSync

    /// The schema kept in step with the log.
    public var schema: String { sync.schema }
}
