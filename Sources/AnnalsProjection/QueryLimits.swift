import GRDB
import GRDBSQLite

/// What `annals query` allows on SQLite: the functions it may call and the size of what it may
/// build. Everything else (writes, ATTACH, PRAGMA, extension loading, file access, pointer
/// functions such as fts3_tokenizer, blob makers such as randomblob) is refused before it runs.
public enum QueryLimits {
    /// The longest string or blob a query may build (SQLITE_LIMIT_LENGTH).
    public static let valueBytes: Int32 = 16 << 20
    /// The longest SQL text (SQLITE_LIMIT_SQL_LENGTH).
    public static let sqlBytes: Int32 = 100_000
    /// SQLite's heap while the query runs (process-wide, so set only after the catch-up).
    public static let heapBytes: Int64 = 100 << 20
    /// The bytes of cells text output holds (json and csv stream every row instead).
    public static let heldBytes = 16 << 20

    /// The per-connection limits besides the value and SQL lengths, as (SQLITE_LIMIT_…, value).
    static let connection: [(Int32, Int32)] = [
        (SQLITE_LIMIT_LENGTH, valueBytes), (SQLITE_LIMIT_SQL_LENGTH, sqlBytes),
        (SQLITE_LIMIT_COLUMN, 500), (SQLITE_LIMIT_EXPR_DEPTH, 200), (SQLITE_LIMIT_COMPOUND_SELECT, 50),
        (SQLITE_LIMIT_FUNCTION_ARG, 100), (SQLITE_LIMIT_ATTACHED, 0), (SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000),
        (SQLITE_LIMIT_VARIABLE_NUMBER, 100), (SQLITE_LIMIT_TRIGGER_DEPTH, 1), (SQLITE_LIMIT_WORKER_THREADS, 0),
    ]

    /// The SQL functions a query may call (scalar, date, math, aggregate, window, JSON, full-text).
    public static let functions: Set<String> = [
        // Scalar
        "abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "ifnull", "iif", "instr",
        "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min", "nullif", "octet_length",
        "printf", "quote", "random", "replace", "round", "rtrim", "sign", "soundex", "sqlite_version", "substr",
        "substring", "trim", "typeof", "unhex", "unicode", "unlikely", "upper",
        // Dates
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date",
        "current_time", "current_timestamp",
        // Math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
        "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh",
        "sqrt", "tan", "tanh", "trunc",
        // Aggregate and window
        "avg", "count", "group_concat", "string_agg", "sum", "total", "row_number", "rank", "dense_rank",
        "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
        // JSON
        "json", "jsonb", "json_array", "jsonb_array", "json_array_length", "json_error_position", "json_extract",
        "jsonb_extract", "json_insert", "jsonb_insert", "json_object", "jsonb_object", "json_patch", "jsonb_patch",
        "json_pretty", "json_quote", "json_remove", "jsonb_remove", "json_replace", "jsonb_replace", "json_set",
        "jsonb_set", "json_type", "json_valid", "json_group_array", "jsonb_group_array", "json_group_object",
        "jsonb_group_object", "->", "->>",
        // Full-text search (FTS5)
        "match", "bm25", "snippet", "highlight",
    ]
}
