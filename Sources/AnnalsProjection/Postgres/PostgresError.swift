import AnnalsCore

/// Failures talking to PostgreSQL, each with what the user can do about it.
public enum PostgresError: Error, Sendable, CustomStringConvertible, AnnalsFailure {
    /// The server could not be reached or refused the login (`message` is libpq's).
    case cannotConnect(target: String, message: String)
    /// The connection broke while working (server restart, network): nothing half-done is visible.
    case connectionLost(target: String, message: String)
    /// The server refused a statement.
    case server(sqlState: String, message: String, detail: String?)
    /// Another `annals sync` holds the schema's advisory lock.
    case busy(schema: String)
    /// The schema holds tables Annals did not make, or someone altered Annals' tables.
    case foreignSchema(schema: String, why: String)
    /// The URL (its passwords hidden) is not a PostgreSQL connection URL libpq can parse (`why`: libpq's reason).
    case badURL(String, why: String?)
    /// `--schema` is not a plain schema name (a usage error: nothing was read or connected).
    case badSchema(String)
    /// A read was pointed at a schema `annals sync` has not filled.
    case noProjection(target: String, schema: String)

    public var description: String {
        switch self {
        case .cannotConnect(let target, let message):
            "cannot connect to PostgreSQL at \(target): \(Self.oneLine(message)). Fix: check the URL (user, "
                + "password, host, port, database), that the server is running, and that it accepts this client"
        case .connectionLost(let target, let message):
            "the connection to PostgreSQL at \(target) was lost: \(Self.oneLine(message)). Nothing half-applied is "
                + "visible. Fix: run the same command again once the server is back; it resumes where it stopped"
        case .server(let state, let message, let detail):
            "PostgreSQL refused a statement (\(state)): \(Self.oneLine(message))"
                + (detail.map { " (\(Self.oneLine($0)))" } ?? "")
                + ". Fix: check the server's log; for a query, check its SQL against the tables in the README"
        case .busy(let schema):
            "another 'annals sync' is writing the PostgreSQL schema \(schema). Fix: wait for it to finish, or "
                + "pass --wait to wait for it"
        case .foreignSchema(let schema, let why):
            "the PostgreSQL schema \(schema) \(why); annals never drops what it did not make. Fix: choose another "
                + "schema with --schema, or move those tables out (ALTER TABLE \(schema).name SET SCHEMA other) "
                + "or drop them yourself, then run the sync again"
        case .badURL(let url, let why):
            "\(UserText.quoted(url)) is not a PostgreSQL URL\(why.map { " (\($0))" } ?? ""). Fix: give one like postgresql://user:password@host:5432/database "
                + "or postgresql:///database?host=/run/postgresql"
        case .badSchema(let name):
            "--schema \(UserText.quoted(name)) is not a plain schema name. Fix: use 1 to 50 lowercase letters, "
                + "digits or underscores, starting with a letter, e.g. annals"
        case .noProjection(let target, let schema):
            "the PostgreSQL database at \(target) holds no Annals projection in the schema \(schema). Fix: run "
                + "'annals sync URL --schema \(schema)' first, or pass the --schema that sync filled"
        }
    }

    public var status: ExitStatus {
        switch self {
        case .cannotConnect, .connectionLost: .ioError
        case .server: .badInput
        case .busy: .busy
        case .foreignSchema: .cannotWrite
        case .badURL, .badSchema: .usage
        case .noProjection: .noInput
        }
    }

    /// libpq's messages end with a newline and may span lines.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
