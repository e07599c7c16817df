import Annals
import AnnalsCore
import ArgumentParser
import Foundation

/// `annals sync`: keep a PostgreSQL projection equal to the log.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring a PostgreSQL projection up to date with the log (for a team, a website, dashboards).",
        discussion: prose(
            """
            Creates or updates the schema (default: annals) in the PostgreSQL database the URL names,
            with the same tables and views as the SQLite projection. It resumes from the seq and chain
            head it stored; a schema of another history, another schema version, or with altered
            tables is rebuilt (the reason is printed), in a scratch schema swapped in at the end, so
            readers never see half of a change. Two syncs of one schema never run at once: the second
            refuses with exit 75 (or waits, with --wait).
            With --watch, keeps running and syncs whenever the log grows (checked every --interval
            seconds); a server down at the start, a lost connection or a restarted server is said
            once and retried at each check. Passwords are never printed.
            The URL may also come from $ANNALS_POSTGRES_URL.
            Example: annals sync postgresql://annals@localhost/newsroom --schema ai_chips
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Argument(help: ArgumentHelp("The PostgreSQL URL (default: $ANNALS_POSTGRES_URL).", valueName: "url"))
    var url: String?
    @Option(help: ArgumentHelp("The schema to keep (lowercase letters, digits, _).", valueName: "name"))
    var schema = "annals"
    @Flag(help: "Wait for another sync of the same schema instead of refusing.") var wait = false
    @Flag(help: "Rebuild the schema from scratch even if it could be caught up.") var rebuild = false
    @Flag(help: "Keep syncing as the log grows, until interrupted.") var watch = false
    @Option(help: ArgumentHelp("Seconds between checks of the log with --watch.", valueName: "seconds"))
    var interval: Double = 2
    @Option(help: "Output format: text, or json (jsonl: one line per pass).") var format: OutputFormat = .text

    func validate() throws {
        if interval <= 0 || !interval.isFinite {
            throw ArgumentParser.ValidationError("--interval must be a positive number of seconds, got \(interval)")
        }
        if rebuild && watch {
            throw ArgumentParser.ValidationError("--rebuild and --watch do not go together: rebuild once, then watch")
        }
    }

    func run() throws {
        try perform {
            guard let target = url ?? Terminal.environment(Ledger.postgresURLVariable), !target.isEmpty else {
                throw ArgumentParser.ValidationError(
                    "give a PostgreSQL URL, e.g. annals sync postgresql://user@localhost/db, or set "
                        + Ledger.postgresURLVariable)
            }
            let ledger = try ledgerOptions.open()
            let sync = try ledger.postgresTarget(url: target, schema: schema, connectNow: !watch)
            if watch {
                Terminal.note("watching the log; syncing \(sync.schema) every \(interval.formatted()) s when it grows")
                // A failure is said once while it lasts (a server down for an hour is one line, not
                // thousands), and its end is said too.
                var failing: String?
                var failures = 0
                ledger.watchPostgres(sync, interval: interval, shouldStop: { false }) { result in
                    switch result {
                    case .success(let report):
                        if failing != nil {
                            Terminal.note("syncing again after \(failures) failed \(failures == 1 ? "pass" : "passes")")
                        }
                        failing = nil
                        failures = 0
                        render(report, sync: sync)
                    case .failure(let error):
                        failures += 1
                        // A server that is down fails in several words as it stops (shutting down,
                        // refused, no socket): one state, said once.
                        let state: String
                        if let target = Ledger.unreachableServer(in: error) {
                            state = "cannot connect to " + target
                        } else {
                            state = "\(error)"
                        }
                        if state != failing {
                            Terminal.error(
                                "\(error) (retrying every \(interval.formatted()) s; said again if it changes)")
                        }
                        failing = state
                    }
                    Terminal.flush()
                }
                return
            }
            let progress = Progress(label: "syncing rows")
            let report = try ledger.syncPostgres(sync, wait: wait, rebuild: rebuild) { progress.update($0) }
            progress.finish()
            render(report, sync: sync)
        }
    }

    private func render(_ report: SyncReport, sync: PostgresTarget) {
        switch format {
        case .json, .jsonl:
            var o: JSONObject = [
                "schema": .string(sync.schema), "seq": .integer(report.lastSeq), "head": .string(report.chainHead),
                "applied": .integer(report.applied), "rows": .integer(Int64(report.rows)),
            ]
            if let why = report.rebuiltBecause { o["rebuilt_because"] = .string(why) }
            Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
        case .text:
            if let why = report.rebuiltBecause {
                Terminal.out(
                    "rebuilt \(sync.schema) from \(report.applied) records, \(report.rows) rows (\(why)); "
                        + "now at seq \(report.lastSeq)")
            } else if report.applied == 0 {
                Terminal.out("\(sync.schema) is up to date at seq \(report.lastSeq)")
            } else {
                Terminal.out(
                    "applied \(report.applied) record\(report.applied == 1 ? "" : "s") to \(sync.schema) "
                        + "(\(report.rows) rows); now at seq \(report.lastSeq)")
            }
        }
    }
}
