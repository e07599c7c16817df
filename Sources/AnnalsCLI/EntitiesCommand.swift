import Annals
import ArgumentParser

struct Entities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities", abstract: "List registered entities with their aliases.")

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: "Output format: text, json or jsonl.") var format: OutputFormat = .text

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let state = try ledger.logState()
            let entities = try ledger.entities()
            func json(_ e: EntityInfo) -> JSONValue {
                .object([
                    "id": .string(e.id), "kind": .string(e.kind), "name": .string(e.name),
                    "aliases": .array(e.aliases.map { .string($0) }), "seq": .integer(e.seq),
                    "event": .string(e.eventID),
                ])
            }
            switch format {
            case .json:
                StructuredJSON.print(
                    state, "entities", entities.map { String(decoding: CanonicalJSON.encode(json($0)), as: UTF8.self) })
            case .jsonl: for e in entities { Terminal.writeBytes(CanonicalJSON.encode(json(e)) + [0x0A]) }
            case .text:
                for e in entities {
                    Terminal.out(
                        e.id.padding(toLength: max(e.id.count, 32), withPad: " ", startingAt: 0) + " " + e.name
                            + (e.aliases.isEmpty ? "" : "  (aka " + e.aliases.joined(separator: ", ") + ")"))
                }
                if entities.isEmpty { Terminal.note("no entities registered yet") }
            }
        }
    }
}
