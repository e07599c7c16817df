import Annals
import AnnalsCore

/// The one-line summary an export prints, as text or (`--format json`) one JSON object.
enum ExportSummary {
    /// Prints `line` (text) or the outcome as JSON: the kind, paths, counts and the `ledger` stamp.
    static func render(
        _ outcome: ExportOutcome, kind: String, counts: [(String, Int)], line: String, format: OutputFormat
    ) {
        switch format {
        case .json, .jsonl:
            var o: JSONObject = ["export": .string(kind), "path": .string(outcome.path)]
            o["files"] = .integer(Int64(outcome.files.count))
            for (name, count) in counts { o[name] = .integer(Int64(count)) }
            o["ledger"] = outcome.state.json
            Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
        case .text:
            Terminal.out(line + "; ledger at seq \(outcome.state.seq) (\(outcome.state.reproducingOptions))")
        }
    }
}
