import AnnalsCore
import AnnalsSystem
import Foundation
import GRDB

/// The PostgreSQL side of a ``ProjectionReader``: one connection with `search_path` set to the
/// schema and the moment in the settings `annals.as_of` and `annals.known_seq`, every read in a
/// read-only transaction.
final class PostgresReadSource: @unchecked Sendable {
    let connection: PostgresConnection
    let schema: String
    private let lock = ConditionLock()

    /// Connects and checks that `schema` holds a projection `annals sync` made.
    init(url: String, schema: String) throws {
        guard PostgresSync.isIdentifier(schema) else { throw PostgresError.badSchema(schema) }
        connection = try PostgresConnection(url: url)
        self.schema = schema
        let found = try connection.query(
            "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = $1 AND c.relname IN ('meta', 'claim_standing')", [schema])
        guard found.values.count == 2 else {
            throw PostgresError.noProjection(target: connection.target, schema: schema)
        }
        // JIT compiles the views' many correlated subqueries for seconds, for queries that run in milliseconds.
        try connection.execute("SET search_path TO \(schema); SET jit = off")
    }

    /// Runs `body` in one read-only transaction (serialised: the connection is not thread-safe),
    /// which always ends in ROLLBACK: PostgreSQL lets a READ ONLY transaction write large
    /// objects (lo_from_bytea), and a read never keeps anything.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock {
            try connection.execute("BEGIN READ ONLY")
            do {
                let result = try body()
                try connection.execute("ROLLBACK")
                return result
            } catch {
                _ = try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs one statement written with SQLite's `?` placeholders.
    func run(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?]) throws -> PostgresRows {
        try connection.query(PostgresValues.placeholders(sql), arguments.map(PostgresValues.parameter))
    }

    /// Makes the views of this connection show `cut` (empty settings: no limit).
    func show(_ cut: MomentCut) throws {
        try connection.query(
            "SELECT set_config('annals.as_of', $1, false), set_config('annals.known_seq', $2, false)",
            [cut.asOf ?? "", cut.knownSeq.map(String.init) ?? ""])
    }

    /// The seq and chain head the schema stands at (from its meta rows).
    func position() throws -> (seq: Int64, head: String) {
        try transaction {
            var meta: [String: String] = [:]
            for row in try connection.execute("SELECT key, value FROM meta").values {
                if let key = row[0], let value = row[1] { meta[key] = value }
            }
            return (meta["last_seq"].flatMap { Int64($0) } ?? 0, meta["chain_head"] ?? Digest.genesis)
        }
    }
}
