import Annals
import ArgumentParser

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Events in the order they happened, one line each with its main source.",
        discussion:
            "Examples:\n  annals timeline --actor org:deepseek\n  annals timeline --type ban --type ban-lifted --as-of 2025-06-01"
    )
    @OptionGroup var options: ReadOptions
    @Option(help: ArgumentHelp("Only events with this actor (entity id).", valueName: "entity-id")) var actor: String?
    @Option(name: .customLong("type"), help: ArgumentHelp("Only events of this type (repeatable).", valueName: "type"))
    var types: [String] = []
    @Option(help: ArgumentHelp("Only events that occurred on or after this date.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Only events that occurred on or before this date.", valueName: "date")) var to: String?

    func run() throws {
        try perform {
            for t in types where EventType(rawValue: t) == nil {
                throw ArgumentParser.ValidationError(
                    "unknown event type '\(t)'; use one of: "
                        + EventType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let table = try options.reader().timeline(
                actor: actor, types: types,
                from: try from.map { try parseDate($0, flag: "--from") },
                to: try to.map { try parseDate($0, flag: "--to") })
            guard options.format == .text else { return TableRenderer.render(table, format: options.format) }
            for i in table.rows.indices {
                let occurred = table[i, "occurred"].text.padding(toLength: 10, withPad: " ", startingAt: 0)
                let type = table[i, "type"].text.padding(toLength: 12, withPad: " ", startingAt: 0)
                let status = table[i, "status"].text == "corrected" ? " (corrected)" : ""
                Terminal.out(
                    "\(occurred)  \(type)  \(table[i, "title"].text)\(status)  [\(table[i, "main_source"].text)]")
            }
            if table.rows.isEmpty { Terminal.note("no events match") }
        }
    }
}

struct Claims: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Claims with their standing: who asserts, who denies, how much evidence.",
        discussion: """
            Standing: the latest claim-status assessment if there is one; otherwise confirmed if
            anyone acknowledges it, disputed if anyone denies it, corroborated if at least two
            events assert it first-hand with at least two distinct sources, else alleged (press
            reports of others' allegations never corroborate on their own).
            """
    )
    @OptionGroup var options: ReadOptions
    @Option(
        help: ArgumentHelp(
            "Only claims with this standing (alleged, corroborated, confirmed, disputed, refuted, retracted).",
            valueName: "standing"))
    var status: String?
    @Option(
        help: ArgumentHelp(
            "Only claims concerning this entity (an actor of an event on the claim).", valueName: "entity-id"))
    var about: String?

    func run() throws {
        try perform {
            if let status, ClaimStanding(rawValue: status) == nil {
                throw ArgumentParser.ValidationError(
                    "unknown standing '\(status)'; use one of: "
                        + ClaimStanding.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let table = try options.reader().claims(standing: status, about: about)
            guard options.format == .text else { return TableRenderer.render(table, format: options.format) }
            for i in table.rows.indices {
                let counts =
                    "\(table[i, "assertions"].text) asserting, \(table[i, "reports"].text) reporting, \(table[i, "denials"].text) denying, \(table[i, "evidence_sources"].text) sources"
                Terminal.out(
                    "\(table[i, "standing"].text.padding(toLength: 12, withPad: " ", startingAt: 0))  \(table[i, "id"].text)"
                )
                Terminal.out("              \(table[i, "statement"].text)")
                Terminal.out(
                    "              \(counts); \(table[i, "first_occurred"].text) – \(table[i, "latest_occurred"].text)")
            }
            if table.rows.isEmpty { Terminal.note("no claims match") }
        }
    }
}

struct Claim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One claim in full: standing, every stance and assessment, every source and quote.")
    @OptionGroup var options: ReadOptions
    @Argument(help: ArgumentHelp("The claim id, e.g. claim:deepseek-distilled-claude.", valueName: "claim-id")) var id:
        String

    func run() throws {
        try perform {
            let (summary, history) = try options.reader().claim(id)
            switch options.format {
            case .json:
                let s = TableRenderer.json(summary).dropFirst(2).dropLast(2)
                Terminal.out("{\"claim\":\(s),\"history\":\(TableRenderer.json(history))}")
            case .csv: TableRenderer.render(history, format: .csv)
            case .text:
                Terminal.out("\(summary[0, "id"].text): \(summary[0, "statement"].text)")
                Terminal.out(
                    "standing: \(summary[0, "standing"].text) (\(summary[0, "basis"].text)); \(summary[0, "assertions"].text) asserting, \(summary[0, "reports"].text) reporting, \(summary[0, "denials"].text) denying, \(summary[0, "acknowledgements"].text) acknowledging, \(summary[0, "no_comments"].text) no comment; \(summary[0, "evidence_sources"].text) supporting sources"
                )
                var lastEvent = ""
                for i in history.rows.indices {
                    if history[i, "event_id"].text != lastEvent {
                        lastEvent = history[i, "event_id"].text
                        let kind =
                            history[i, "kind"].text == "assessment"
                            ? "assessed \(history[i, "stance"].text)" : history[i, "stance"].text
                        Terminal.out("")
                        Terminal.out(
                            "\(history[i, "occurred"].text)  \(kind)  \(history[i, "title"].text)  (\(lastEvent))")
                        if !history[i, "actors"].text.isEmpty {
                            Terminal.out("    actors: \(history[i, "actors"].text)")
                        }
                        if !history[i, "note"].text.isEmpty { Terminal.out("    note: \(history[i, "note"].text)") }
                    }
                    let source = [
                        history[i, "publisher"].text,
                        history[i, "source_title"].text.isEmpty ? "" : "\"\(history[i, "source_title"].text)\"",
                        history[i, "published"].text,
                    ].filter { !$0.isEmpty }.joined(separator: ", ")
                    Terminal.out("    source: \(source) \(history[i, "url"].text)")
                    if !history[i, "quote"].text.isEmpty { Terminal.out("      “\(history[i, "quote"].text)”") }
                }
            }
        }
    }
}

struct Bans: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bans and export controls: when each took effect, was relaxed or lifted.",
        discussion: "Example: annals bans --active-on 2025-06-01"
    )
    @OptionGroup var options: ReadOptions
    @Option(help: ArgumentHelp("Only bans in force on this date.", valueName: "date")) var activeOn: String?

    func run() throws {
        try perform {
            let table = try options.reader().bans(activeOn: try activeOn.map { try parseDate($0, flag: "--active-on") })
            TableRenderer.render(table, format: options.format, maxWidth: 48)
        }
    }
}

struct Releases: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Model and chip releases, in date order.")
    @OptionGroup var options: ReadOptions
    @Option(help: ArgumentHelp("Only releases by this organisation (entity id).", valueName: "entity-id")) var by:
        String?

    func run() throws {
        try perform {
            TableRenderer.render(try options.reader().releases(by: by), format: options.format, maxWidth: 60)
        }
    }
}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Full-text search of titles, summaries and quotes, best matches first.",
        discussion:
            "Words are matched as whole terms (all must appear); end a word with * to match a prefix: 'distill*'."
    )
    @OptionGroup var options: ReadOptions
    @Argument(help: "The words to look for.") var words: [String]
    @Option(help: "At most this many hits.") var limit: Int = 50

    func run() throws {
        try perform {
            let table = try options.reader().search(words.joined(separator: " "), limit: max(1, limit))
            guard options.format == .text else { return TableRenderer.render(table, format: options.format) }
            for i in table.rows.indices {
                Terminal.out(
                    "\(table[i, "occurred"].text)  \(table[i, "type"].text)  \(table[i, "title"].text)  (\(table[i, "id"].text))"
                )
                Terminal.out("    \(TableRenderer.oneLine(table[i, "snippet"].text))")
            }
            if table.rows.isEmpty { Terminal.note("no matches") }
        }
    }
}

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one read-only SQL query against the projection database.",
        discussion: """
            Tables: events, entities, entity_aliases, event_actors, sources, event_sources, claims,
            claim_history, bans, ban_targets, ban_items, ban_lifts, releases, search (FTS5), meta.
            Views: timeline, standing_events, claim_evidence, claim_standing, open_claims,
            ban_periods, release_list. Statements that write, ATTACH or load extensions are refused.
            Example: annals query "SELECT id, standing FROM claim_standing WHERE standing = 'disputed'"
            """
    )
    @OptionGroup var options: ReadOptions
    @Argument(help: "The SQL query.") var sql: String
    @Option(help: ArgumentHelp("Stop the query after this many seconds (0: never).", valueName: "seconds"))
    var timeout: Double = 10
    @Option(
        help: ArgumentHelp(
            "Show at most this many rows in text output (json and csv print every row; 0: no limit).",
            valueName: "rows"))
    var limit: Int = 1000

    func validate() throws {
        if timeout < 0 || !timeout.isFinite {
            throw ArgumentParser.ValidationError("--timeout must be 0 or more seconds")
        }
        if limit < 0 { throw ArgumentParser.ValidationError("--limit must be 0 or more rows") }
    }

    func run() throws {
        try perform {
            let reader = try options.reader()
            guard options.format == .text else {
                var stream = TableRenderer.Stream(format: options.format)
                try reader.query(sql, timeout: timeout, columns: { stream.begin($0) }, row: { stream.row($0) })
                return stream.end()
            }
            let result = try reader.query(sql, timeout: timeout, maxRows: limit > 0 ? limit : nil)
            TableRenderer.render(result.table, format: options.format)
            if result.truncated {
                Terminal.note(
                    "showing the first \(limit) rows; pass --limit N (0: all) or --format csv|json for every row")
            }
        }
    }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a complete projection database of a past moment, for any SQLite tool.",
        discussion: """
            --as-of D leaves out events that occurred after D (valid time); --known-at T and
            --known-at-seq N leave out what was recorded later (transaction time). Corrections and
            retractions known at that time apply; entity registrations always do.
            Example: annals replay --as-of 2025-06-01 --out /tmp/mid-2025.sqlite
            """
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var momentOptions: MomentOptions
    @Option(
        help: ArgumentHelp("The database file to write (outside Events/, Snapshots/ and .annals/).", valueName: "file"))
    var out: String
    @Flag(help: "Replace an existing file at --out (only an Annals projection is ever replaced).") var force = false

    func run() throws {
        try perform {
            let moment = try momentOptions.moment()
            let progress = Progress(label: "replaying")
            let last = try ledgerOptions.open().replay(moment, to: out, force: force) { progress.update($0) }
            progress.finish()
            Terminal.out(
                "wrote \(out): the ledger as of \(moment.asOf?.description ?? "now")"
                    + (moment.knownAt.map { ", known at \($0)" } ?? "")
                    + (moment.knownAtSeq.map { ", up to seq \($0)" } ?? "")
                    + " (records up to seq \(last))")
        }
    }
}
