import AnnalsCore

/// Failures of the projection layer that a user can act on.
public enum ProjectionError: Error, Sendable, CustomStringConvertible, AnnalsFailure {
    /// `annals query` was given SQL that could write, attach or run several statements.
    case notReadOnly(sql: String, why: String)
    /// SQLite refused the query (syntax error, unknown table…).
    case sql(message: String)
    /// `replay --out` would overwrite a file that is not an Annals projection.
    case wouldOverwrite(path: String)
    /// A claim asked for by id does not exist (in the state asked for).
    case unknownClaim(String, suggestions: [String])
    /// The projection database could not be written.
    case cannotWrite(path: String, message: String)
    /// `annals query` ran longer than its `--timeout`.
    case timedOut(seconds: Double)
    /// `annals search` was given nothing to search for (only quotes, stars or spaces).
    case noSearchTerms(String)
    /// A query returned other columns than the row type it decodes into (a bug: the schema and
    /// the type disagree).
    case columnsDiffer(type: String, columns: [String], expected: [String])
    /// An operation only the SQLite projection serves (snapshots, replays, diffs) was asked of a
    /// PostgreSQL reader.
    case sqliteOnly
    /// `annals query` called a function that is not on its list (``QueryLimits/functions``).
    case functionNotAllowed(name: String)
    /// `annals query` would build a value, or use memory, beyond ``QueryLimits``.
    case queryTooLarge(what: String)

    public var description: String {
        switch self {
        case .notReadOnly(let sql, let why):
            "refusing to run \(ValidationError.shorten(sql)): \(why). Fix: 'annals query' runs one read-only SELECT "
                + "(or WITH … SELECT); the log changes only through 'annals append'"
        case .sql(let message):
            "SQL error: \(message). Fix: check the query; the tables and views are listed in the README"
        case .wouldOverwrite(let path):
            "\(path) exists and is not an Annals projection. Fix: choose another --out path, or remove the file"
        case .unknownClaim(let id, let near):
            "no claim \(id) in this state" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?")
                + ". Fix: list claims with 'annals claims'"
        case .cannotWrite(let path, let message):
            "cannot write the projection database \(path): \(message). Fix: check the path, its folder's permissions "
                + "and the free space"
        case .timedOut(let seconds):
            "the query was stopped after \(seconds.formatted()) s (--timeout). "
                + "Fix: narrow it with WHERE or LIMIT (a recursive CTE needs a stopping condition), or pass a larger "
                + "--timeout (0: none)"
        case .noSearchTerms(let text):
            "nothing to search for in \(ValidationError.shorten(text)). Fix: give at least one word, e.g. annals "
                + "search distillation or 'distill*'"
        case .columnsDiffer(let type, let columns, let expected):
            "internal error: the query for \(type) returned the columns \(columns.joined(separator: ", ")), "
                + "expected \(expected.joined(separator: ", ")). This is a bug; please report it"
        case .sqliteOnly:
            "this works on the SQLite projection only. Fix: leave out --projection (and unset ANNALS_POSTGRES_URL)"
        case .functionNotAllowed(let name):
            "the function \(UserText.quoted(name)) is not allowed in 'annals query'. Fix: use the functions the "
                + "README lists under 'annals query' (text, dates, math, aggregates, windows, JSON, full-text)"
        case .queryTooLarge(let what):
            "the query was stopped: it would need \(what). Fix: narrow it with WHERE or LIMIT, or read less of "
                + "each value (substr)"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .notReadOnly, .sql, .unknownClaim, .timedOut, .noSearchTerms, .functionNotAllowed, .queryTooLarge:
            .badInput
        case .wouldOverwrite, .cannotWrite: .cannotWrite
        case .columnsDiffer: .software
        case .sqliteOnly: .usage
        }
    }
}
