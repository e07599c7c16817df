import AnnalsSystem
import GRDB
import Synchronization

/// The work of a rebuild, shared by two connections to the server: each lane takes the next
/// task until none is left or one has failed. Loading different tables, and building their
/// indexes, are independent, and the server does most of the work (text-search vectors, index
/// sorts), so a second lane puts the server's second core to use.
final class PostgresLoadLanes: @unchecked Sendable {
    /// One piece of work.
    enum Task: Sendable {
        /// The rows of a table read from SQLite (`sqliteCondition` in SQLite's terms, or all) sent with COPY.
        case copy(table: String, columns: [String], sqliteCondition: String?)
        /// Statements that need nothing from SQLite.
        case sql(String)
    }

    private let tasks: [Task]
    /// What the lanes share: tasks taken, the first failure, rows copied.
    private let state = Mutex<(taken: Int, failure: (any Error)?, rows: Int)>((0, nil, 0))

    private init(_ tasks: [Task]) { self.tasks = tasks }

    /// Runs `tasks` on the caller's connections (`db`, `pg`) and on `second`, a connection of its
    /// own with a read transaction of its own on the SQLite file at `sqlitePath` (used only if
    /// that sees the same position in the log as `db`; otherwise the caller's lane does it all).
    /// Returns the rows copied; throws the first failure, after both lanes have stopped.
    static func run(
        _ tasks: [Task], db: Database, pg: PostgresConnection, second: PostgresConnection, sqlitePath: String,
        progress: (Int) -> Void
    ) throws -> Int {
        let lanes = PostgresLoadLanes(tasks)
        let expected = try Meta.read(db)
        let other = Unchecked(second)
        let (lastSeq, head) = (expected.lastSeq, expected.chainHead)
        let needsSQLite = tasks.contains { if case .copy = $0 { true } else { false } }
        let thread = WorkerThread {
            do {
                guard needsSQLite else { return lanes.work(nil, other.value) { _ in } }
                let local = try DatabaseQueue(
                    path: sqlitePath, configuration: ProjectionStore.configuration(readonly: true))
                try local.read { db in
                    let meta = try Meta.read(db)
                    guard meta.lastSeq == lastSeq, meta.chainHead == head else { return }
                    lanes.work(db, other.value) { _ in }
                }
            } catch {
                lanes.fail(error)
            }
        }
        // Without a second thread (the system refused one), this lane does all the work.
        lanes.work(db, pg, progress: progress)
        thread?.join()
        let (_, failure, rows) = lanes.state.withLock { $0 }
        if let failure { throw failure }
        return rows
    }

    private func take() -> Task? {
        state.withLock { state in
            guard state.failure == nil, state.taken < tasks.count else { return nil }
            state.taken += 1
            return tasks[state.taken - 1]
        }
    }

    private func fail(_ error: Error) {
        state.withLock { state in
            if state.failure == nil { state.failure = error }
        }
    }

    private func work(_ db: Database?, _ pg: PostgresConnection, progress: (Int) -> Void) {
        while let task = take() {
            do {
                switch task {
                case .copy(let table, let columns, let condition):
                    guard let db else { preconditionFailure("a copy needs a SQLite connection") }
                    let copied = try PostgresSync.copy(table, columns, from: db, where: condition, to: pg)
                    let total = state.withLock { state in
                        state.rows += copied
                        return state.rows
                    }
                    progress(total)
                case .sql(let sql):
                    try pg.execute(sql)
                }
            } catch {
                return fail(error)
            }
        }
    }
}

/// A value handed to another thread that only that thread uses from then on.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
