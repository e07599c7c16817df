import GRDB
import Testing

@testable import AnnalsProjection

/// The small translations that let one query text and one row type serve both engines.
@Suite("PostgreSQL values and placeholders")
struct PostgresValuesTests {
    @Test(
        "SQLite placeholders become PostgreSQL's, quoted text aside",
        arguments: [
            ("SELECT ? , ?", "SELECT $1 , $2"),
            ("WHERE a <= ?1 AND (b IS NULL OR b > ?1)", "WHERE a <= $1 AND (b IS NULL OR b > $1)"),
            ("WHERE t = '?' AND u = ?", "WHERE t = '?' AND u = $1"),
            ("SELECT \"a?\" FROM x WHERE y IN (?,?,?)", "SELECT \"a?\" FROM x WHERE y IN ($1,$2,$3)"),
            ("SELECT 'it''s ?' , ?12", "SELECT 'it''s ?' , $12"),
            ("SELECT ?", "SELECT $1"),
        ])
    func placeholders(sqlite: String, postgres: String) {
        #expect(PostgresValues.placeholders(sqlite) == postgres)
    }

    @Test("values are typed by OID as SQLite gives them")
    func valuesByType() {
        #expect(PostgresValues.value("42", type: PostgresType.int8) == 42.databaseValue)
        #expect(PostgresValues.value("7", type: PostgresType.int4) == 7.databaseValue)
        #expect(PostgresValues.value("0.25", type: PostgresType.float8) == 0.25.databaseValue)
        #expect(PostgresValues.value("-1.5", type: PostgresType.numeric) == (-1.5).databaseValue)
        #expect(PostgresValues.value("t", type: PostgresType.bool) == 1.databaseValue)
        #expect(PostgresValues.value("f", type: PostgresType.bool) == 0.databaseValue)
        #expect(PostgresValues.value("2025-01-31", type: PostgresType.date) == "2025-01-31".databaseValue)
        #expect(
            PostgresValues.value("2026-04-24 09:30:00+00", type: PostgresType.timestamptz)
                == "2026-04-24T09:30:00Z".databaseValue)
        #expect(PostgresValues.value(nil, type: PostgresType.text) == .null)
        #expect(PostgresValues.value("[1, 2]", type: 114) == "[1, 2]".databaseValue)
        #expect(PostgresValues.cell("\\x0aff", type: PostgresType.bytea) == .blob([0x0A, 0xFF]))
    }
}
