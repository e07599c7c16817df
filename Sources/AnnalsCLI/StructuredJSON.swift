import Annals
import AnnalsCore

/// The JSON the read commands print (`--format json`): an object whose `ledger` member is the state the
/// answer was computed from (see ``LedgerState``) and whose other member holds the answer. Lists are arrays, actors `{"entity","role"}`
/// objects, sources `{"url","publisher","title","published","quote"}` objects, dates ISO strings,
/// counts and seqs numbers. A field without a value is left out, never null, as in the records
/// themselves. Docs/schemas/<command>.schema.json holds each command's shape.
enum StructuredJSON {
    /// An object of `fields` (raw JSON values) in their order; a nil value leaves its key out.
    static func object(_ fields: [(String, String?)]) -> String {
        "{"
            + fields.compactMap { key, value in value.map { TableRenderer.jsonString(key) + ":" + $0 } }
            .joined(separator: ",") + "}"
    }

    /// One typed row as an object of its `columns`, NULL cells left out.
    static func object<Entry: TabularRow>(_ row: Entry, _ columns: [Entry.CodingKeys]) -> String {
        object(columns.map { ($0.stringValue, value(row.cell($0))) })
    }

    /// A cell's JSON value; nil for NULL.
    static func value(_ cell: ResultTable.Cell) -> String? {
        if case .null = cell { return nil }
        return TableRenderer.jsonValue(cell)
    }

    static func string(_ s: String?) -> String? { s.map(TableRenderer.jsonString) }

    static func strings(_ values: [String]) -> String {
        "[" + values.map(TableRenderer.jsonString).joined(separator: ",") + "]"
    }

    static func actors(_ actors: [ActorRole]) -> String {
        "["
            + actors.map { object([("entity", string($0.entity)), ("role", string($0.role))]) }
            .joined(separator: ",") + "]"
    }

    /// An array of objects, one per line, as the table outputs print them.
    static func array(_ objects: [String]) -> String {
        objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    /// The `"ledger":{…}` member that opens every read command's JSON object.
    static func stamp(_ state: LedgerState) -> String {
        "\"ledger\":" + String(decoding: CanonicalJSON.encode(state.json), as: UTF8.self)
    }

    /// Prints `{"ledger":…,"<key>":[…]}`: the state, then the objects one per line.
    static func print(_ state: LedgerState, _ key: String, _ objects: [String]) {
        Terminal.writeBytes(Array(("{" + stamp(state) + ",\n\"\(key)\":" + array(objects) + "}\n").utf8))
    }

    /// Prints typed rows as the `key` array of objects of `columns` (by default all).
    static func print<Entry: TabularRow>(
        _ state: LedgerState, _ key: String, _ rows: [Entry],
        columns: [Entry.CodingKeys] = Array(Entry.CodingKeys.allCases)
    ) {
        print(state, key, rows.map { object($0, columns) })
    }
}
