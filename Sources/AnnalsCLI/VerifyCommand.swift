import Annals
import ArgumentParser

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every id, hash and chain link; prove the log was only appended to.",
        discussion: "Exits 1 and names the segment, line and seq of the first defect."
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let progress = Progress(label: "verifying")
            let report = try ledger.verify { progress.update($0) }
            progress.finish()
            for note in report.notes { Terminal.note(note) }
            switch format {
            case .json, .jsonl:
                var o: JSONObject = [
                    "ok": .bool(report.ok), "segments": .integer(Int64(report.segments)),
                    "records": .integer(report.records), "head": .string(report.head),
                ]
                if let d = report.defect {
                    o["defect"] = .object([
                        "segment": .string(d.segment), "line": .integer(Int64(d.line)),
                        "seq": .integer(d.seq), "problem": .string(d.problem),
                    ])
                }
                Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            case .text:
                if let d = report.defect {
                    Terminal.error("verification failed: \(d)")
                } else {
                    Terminal.out(
                        "ok: \(report.records) records in \(report.segments) "
                            + "segment\(report.segments == 1 ? "" : "s"), chain head \(report.head)"
                    )
                }
            }
            if !report.ok { throw ExitCode(ExitStatus.verificationFailed.rawValue) }
        }
    }
}
