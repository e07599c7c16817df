import AnnalsCore
import Foundation

extension ProjectionReader {
    /// A reader of the PostgreSQL projection `annals sync` keeps in `schema`, its views showing
    /// `moment` (resolved as the SQLite projection resolves it, then set in `annals.as_of` and
    /// `annals.known_seq` for the connection). Fails with ``PostgresError/noProjection(target:schema:)``
    /// when the schema holds none.
    public static func postgres(url: String, schema: String, at moment: ProjectionStore.Moment) throws
        -> ProjectionReader
    {
        let pg = try PostgresReadSource(url: url, schema: schema)
        let cut = try pg.transaction { try ProjectionStore.resolve(moment, in: .postgres(pg)) }
        try pg.show(cut)
        return ProjectionReader(postgres: pg, cut: moment.isNow ? nil : cut)
    }

    /// The seq and chain head the projection was built or synced to (whatever moment it shows).
    public func storedPosition() throws -> (seq: Int64, head: String) {
        try within { ctx in
            let seq = try ctx.column("SELECT value FROM meta WHERE key = 'last_seq'", as: String.self).first
            let head = try ctx.column("SELECT value FROM meta WHERE key = 'chain_head'", as: String.self).first
            return (seq.flatMap { Int64($0) } ?? 0, head ?? Digest.genesis)
        }
    }

    /// Whether this reader answers from PostgreSQL.
    public var isPostgres: Bool {
        if case .postgres = source { return true }
        return false
    }

    /// `annals query` on PostgreSQL: the same refusals as on SQLite, then the statement alone
    /// (libpq's extended protocol takes one) in a read-only transaction that ends in ROLLBACK,
    /// with `--timeout` as its `statement_timeout`, its rows read one at a time. A write the
    /// server refuses is ``ProjectionError/notReadOnly(sql:why:)``.
    func queryPostgres(
        _ pg: PostgresReadSource, _ sql: String, timeout: Double, columns: ([String]) throws -> Void,
        row: ([ResultTable.Cell]) throws -> Bool
    ) throws {
        try Self.refuseNonQuery(sql)
        var types: [UInt32] = []
        do {
            try pg.transaction {
                if timeout > 0 {
                    let ms = max(1, Int((timeout * 1000).rounded(.up)))
                    try pg.connection.execute("SET LOCAL statement_timeout = \(ms)")
                }
                try pg.connection.stream(
                    sql,
                    columns: { names, oids in
                        types = oids
                        try columns(names)
                    },
                    row: { values in try row(values.indices.map { PostgresValues.cell(values[$0], type: types[$0]) }) })
            }
        } catch PostgresError.server(let state, let message, _) {
            switch state {
            case "25006": throw ProjectionError.notReadOnly(sql: sql, why: "the statement writes")
            case "57014": throw ProjectionError.timedOut(seconds: timeout)
            case "54000": throw ProjectionError.queryTooLarge(what: PostgresError.oneLine(message))
            case "42601" where message.contains("multiple commands"):
                throw ProjectionError.notReadOnly(sql: sql, why: "it holds more than one statement")
            default: throw ProjectionError.sql(message: PostgresError.oneLine(message))
            }
        }
    }
}
