import Annals
import AnnalsCore
import ArgumentParser

struct Repair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
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
