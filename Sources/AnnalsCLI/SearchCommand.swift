import Annals
import AnnalsCore
import ArgumentParser

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search of titles, summaries and quotes, best matches first.",
        discussion:
            "Words are matched as whole terms (all must appear); end a word with * to match a prefix: 'distill*'."
    )
    @OptionGroup var options: ReadOptions
    @Argument(help: "The words to look for.") var words: [String]
    @Option(parsing: .unconditional, help: "At most this many hits.") var limit: Int = 50
    @Flag(help: "Print the words as prepared for the index (an FTS5 MATCH text for sqlite3) and search nothing.")
    var prepare = false

    func validate() throws {
        if limit < 1 { throw ArgumentParser.ValidationError("--limit must be 1 or more, got \(limit)") }
    }

    func run() throws {
        if prepare {
            return try perform { Terminal.out(SearchText.matchText(words.joined(separator: " "))) }
        }
        try perform {
            let (reader, state) = try options.open()
            let hits = try reader.search(words.joined(separator: " "), limit: limit)
            switch options.format {
            case .json: return StructuredJSON.print(state, "results", hits)
            case .csv: return TableRenderer.render(ResultTable(hits), format: .csv)
            case .text: break
            }
            for hit in hits {
                Terminal.out(
                    LineFit.line("\(hit.occurred)  \(hit.type)  ", [hit.title, "(\(hit.id))"], width: options.width))
                Terminal.out(LineFit.line("    ", [TableRenderer.oneLine(hit.snippet ?? "")], width: options.width))
            }
            if hits.isEmpty { Terminal.note("no matches") }
        }
    }
}
