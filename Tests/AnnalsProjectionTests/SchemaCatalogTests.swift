import Foundation
import GRDB
import Testing

@testable import AnnalsProjection

/// The two engines' schemas agree, without a server: the generated SQLite DDL runs in an
/// in-memory database, and what SQLite reports of it (`PRAGMA table_info`, its keys, indexes
/// and views) is compared with what the generated PostgreSQL DDL text declares.
@Suite("Schema catalog")
struct SchemaCatalogTests {
    /// One column as an engine declares it: its name, SQLite's type for it, and whether it is never NULL.
    struct DeclaredColumn: Equatable, CustomStringConvertible {
        let name: String
        let type: String
        let notNull: Bool
        var description: String { "\(name) \(type)\(notNull ? " NOT NULL" : "")" }
    }

    /// What one engine's schema declares.
    struct Declared {
        var tables: [String] = []
        var columns: [String: [DeclaredColumn]] = [:]
        var keys: [String: [String]] = [:]
        var unique: Set<String> = []
        var indexes: [String: String] = [:]
    }

    /// SQLite's own view of the generated schema.
    static func sqlite() throws -> (declared: Declared, views: [String]) {
        let db = try DatabaseQueue()
        return try db.write { db in
            try db.execute(sql: Schema.tables)
            for view in Schema.views { try db.execute(sql: "CREATE VIEW \(view.name) AS\n\(view.body)") }
            try db.execute(sql: Schema.indexes)
            var declared = Declared()
            declared.tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE TABLE ''%' "
                    + "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
            for table in declared.tables {
                let rows = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))")
                declared.columns[table] = rows.map { row in
                    let notNull: Int = row["notnull"]
                    let key: Int = row["pk"]
                    return DeclaredColumn(name: row["name"], type: row["type"], notNull: notNull != 0 || key != 0)
                }
                let keyed = rows.map { row -> (name: String, key: Int) in (row["name"], row["pk"]) }
                declared.keys[table] = keyed.filter { $0.key != 0 }.sorted { $0.key < $1.key }.map(\.name)
                for index in try Row.fetchAll(db, sql: "PRAGMA index_list(\(table))")
                where (index["origin"] as String) == "u" {
                    let name: String = index["name"]
                    let column = try String.fetchAll(
                        db, sql: "SELECT name FROM pragma_index_info(?)", arguments: [name])
                    declared.unique.insert("\(table)(\(column.joined(separator: ", ")))")
                }
            }
            for name in try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            {
                let table = try String.fetchOne(
                    db, sql: "SELECT tbl_name FROM sqlite_master WHERE name = ?", arguments: [name])!
                let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?)", arguments: [name])
                declared.indexes[name] = "\(table)(\(columns.joined(separator: ", ")))"
            }
            let views = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY rowid")
            return (declared, views)
        }
    }

    /// What the generated PostgreSQL DDL text declares (parsed, not taken from the catalog).
    static func postgres() throws -> Declared {
        var declared = Declared()
        for chunk in PostgresSchema.ddl.components(separatedBy: "CREATE TABLE ").dropFirst() {
            let table = String(chunk.prefix { $0 != " " })
            declared.tables.append(table)
            let body = chunk.components(separatedBy: "\n);")[0].split(separator: "\n").dropFirst()
            var columns: [DeclaredColumn] = []
            for raw in body {
                let line = raw.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: ","))
                if line.hasPrefix("PRIMARY KEY (") {
                    declared.keys[table] = list(in: line)
                } else if line.hasPrefix("UNIQUE (") {
                    declared.unique.insert("\(table)(\(list(in: line).joined(separator: ", ")))")
                } else if !line.contains("GENERATED ALWAYS") {
                    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    let type = words[1] == "bigint" ? "INTEGER" : "TEXT"
                    columns.append(DeclaredColumn(name: words[0], type: type, notNull: line.hasSuffix("NOT NULL")))
                }
            }
            declared.columns[table] = columns
        }
        let statements = PostgresSchema.indexes.joined(separator: ";\n").components(separatedBy: ";\n")
        for statement in statements.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) {
            let words = statement.split(separator: " ").map(String.init)
            if statement.hasPrefix("ALTER TABLE ") {
                for clause in statement.components(separatedBy: " ADD ").dropFirst() {
                    if clause.hasPrefix("PRIMARY KEY") { declared.keys[words[2]] = list(in: clause) }
                    if clause.hasPrefix("UNIQUE") {
                        declared.unique.insert("\(words[2])(\(list(in: clause).joined(separator: ", ")))")
                    }
                }
            } else if statement.hasPrefix("CREATE INDEX ") {
                declared.indexes[words[2]] = "\(words[4])(\(list(in: statement).joined(separator: ", ")))"
            }
        }
        return declared
    }

    /// The comma-separated names inside the first parentheses of `text`.
    static func list(in text: String) -> [String] {
        guard let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") else { return [] }
        return text[text.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    @Test("Both engines hold the same tables, in the same order (moment and search_terms are SQLite's alone)")
    func sameTables() throws {
        let sqlite = try Self.sqlite().declared
        let postgres = try Self.postgres()
        #expect(sqlite.tables.filter { $0 != "moment" && $0 != "search_terms" } == postgres.tables)
        #expect(sqlite.tables.contains("search_terms"))
        #expect(sqlite.tables.contains("moment"))
        #expect(sqlite.tables.count >= 16)
    }

    @Test("Every table has the same columns, types, NOT NULLs and keys on both engines")
    func sameColumns() throws {
        let sqlite = try Self.sqlite().declared
        let postgres = try Self.postgres()
        for table in postgres.tables {
            let theirs = postgres.columns[table] ?? []
            let ours = sqlite.columns[table] ?? []
            if table == "search" {
                // The full-text table: SQLite's rowid is PostgreSQL's first column (vid), FTS5 columns have no type.
                #expect(ours.map(\.name) == theirs.dropFirst().map(\.name), "\(table)")
                #expect(postgres.keys[table] == [theirs.first?.name ?? ""])
                continue
            }
            #expect(ours == theirs, "\(table)")
            #expect(sqlite.keys[table] == postgres.keys[table], "key of \(table)")
        }
        #expect(sqlite.unique == postgres.unique)
        #expect(!sqlite.unique.isEmpty)
    }

    @Test("SQLite's indexes all exist on PostgreSQL; PostgreSQL's others are declared as its own")
    func sameIndexes() throws {
        let sqlite = try Self.sqlite().declared
        let postgres = try Self.postgres()
        #expect(!sqlite.indexes.isEmpty)
        for (name, columns) in sqlite.indexes { #expect(postgres.indexes[name] == columns, "\(name)") }
        let only = Set(postgres.indexes.keys).subtracting(sqlite.indexes.keys)
        let declared = Catalog.tables.flatMap(\.indexes).filter { $0.postgresOnly != nil }.map(\.name)
        #expect(only == Set(declared + ["search_by_document"]))
    }

    @Test("The TEMP moment of a reader at another moment has the stored moment's columns")
    func temporaryMomentMatches() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: Schema.tables)
            try db.execute(sql: Schema.temporaryMoment)
            let stored = try Row.fetchAll(db, sql: "PRAGMA main.table_info(moment)").map {
                "\($0["name"] as String) \($0["type"] as String) \($0["pk"] as Int)"
            }
            let temporary = try Row.fetchAll(db, sql: "PRAGMA temp.table_info(moment)").map {
                "\($0["name"] as String) \($0["type"] as String) \($0["pk"] as Int)"
            }
            #expect(!stored.isEmpty)
            #expect(stored == temporary)
        }
    }

    @Test("Every PostgreSQL table but meta gets its keys after loading, in one batch")
    func everyTableInOneKeyBatch() {
        let batched = PostgresSchema.keyBatches.flatMap { $0 }
        #expect(Set(batched).count == batched.count)
        #expect(Set(PostgresSchema.tables.map(\.name)).subtracting(batched) == ["meta"])
        #expect(Set(batched).isSubset(of: PostgresSchema.tables.map(\.name)))
    }

    @Test("Both engines create the same views, in the same order, and SQLite's all have columns")
    func sameViews() throws {
        let (_, views) = try Self.sqlite()
        #expect(views == PostgresViews.all.map(\.name))
        #expect(views.count == Views.all.count)
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: Schema.tables)
            for view in Schema.views {
                try db.execute(sql: "CREATE VIEW \(view.name) AS\n\(view.body)")
                #expect(try Row.fetchAll(db, sql: "PRAGMA table_info(\(view.name))").count > 0, "\(view.name)")
            }
        }
    }

    @Test("A view has its own PostgreSQL text only where it truly differs, and says why")
    func overridesSayWhy() {
        let squeeze = { (text: String) in text.filter { !$0.isWhitespace } }
        let overridden = Views.all.filter { $0.postgres != nil }
        for view in overridden {
            #expect(squeeze(view.sql(.postgres)) != squeeze(view.postgresBody), "\(view.name): same text twice")
            #expect(!(view.postgres?.why.isEmpty ?? true), "\(view.name)")
        }
        #expect(overridden.count <= 3)
    }
}
