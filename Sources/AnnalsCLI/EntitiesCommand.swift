import Annals
import AnnalsCore
import ArgumentParser

struct Entities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities", abstract: "List registered entities with their aliases.")

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: "Output format: text, json or jsonl.") var format: OutputFormat = .text
    @Flag(help: "Print text lines whole, however wide (default: cut to fit the terminal).") var wide = false

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let state = try ledger.logState()
            let entities = try ledger.entities()
            func json(_ e: EntityInfo) -> JSONValue {
                var o: JSONObject = [
                    "id": .string(e.id), "kind": .string(e.kind), "name": .string(e.name),
                    "aliases": .array(e.aliases.map { .string($0) }), "seq": .integer(e.seq),
                    "event": .string(e.eventID),
                ]
                var names: JSONObject = [:]
                for n in e.names { names[n.lang] = .string(n.text) }
                if !names.isEmpty { o["names"] = .object(names) }
                return .object(o)
            }
            switch format {
            case .json:
                StructuredJSON.print(
                    state, "entities", entities.map { String(decoding: CanonicalJSON.encode(json($0)), as: UTF8.self) })
            case .jsonl: for e in entities { Terminal.writeBytes(CanonicalJSON.encode(json(e)) + [0x0A]) }
            case .text:
                for e in entities {
                    let aka = e.aliases.isEmpty ? [] : ["(aka " + e.aliases.joined(separator: ", ") + ")"]
                    let own =
                        e.names.isEmpty
                        ? [] : ["[" + e.names.map { "\($0.lang): \($0.text)" }.joined(separator: "; ") + "]"]
                    Terminal.out(
                        LineFit.line(
                            DisplayWidth.pad(e.id, to: 32) + " ", [e.name] + aka + own,
                            width: wide ? nil : Terminal.width))
                }
                if entities.isEmpty { Terminal.note("no entities registered yet") }
            }
        }
    }
}
