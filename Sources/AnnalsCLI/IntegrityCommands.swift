import Annals
import ArgumentParser

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
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

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove an incomplete last line left by a crash, and nothing else.",
        discussion: "Says what it removes. Complete records are never touched; use --dry-run to only look."
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Flag(help: "Show what would be removed, change nothing.") var dryRun = false
    @Flag(
        help: "Instead: rebuild .annals/'s name index from Events/ as it is now (after shortening the log on purpose).")
    var reindex = false

    func validate() throws {
        if reindex && dryRun { throw ArgumentParser.ValidationError("--reindex and --dry-run do not go together") }
    }

    func run() throws {
        try perform {
            if reindex {
                let seq = try ledgerOptions.open().reindex()
                Terminal.out("rebuilt the name index from Events/: every record checked, the log ends at seq \(seq)")
                return
            }
            let report = try ledgerOptions.open().repair(dryRun: dryRun)
            guard report.changed, let segment = report.segment else {
                Terminal.out("nothing to repair: the log ends with a complete record")
                return
            }
            let verb = dryRun ? "would remove" : "removed"
            Terminal.out(
                "\(verb) the incomplete line \(report.line) of \(segment): \(report.removedBytes) bytes starting "
                    + "\(report.preview.debugDescription)"
            )
        }
    }
}
