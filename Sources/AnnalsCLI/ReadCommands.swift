import Annals
import ArgumentParser

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Events in the order they happened, one line each with its main source.",
        discussion:
            "Examples:\n  annals timeline --actor org:deepseek\n  annals timeline --type ban --type ban-lifted "
            + "--as-of 2025-06-01"
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
            let entries = try options.reader().timeline(
                actor: actor, types: types,
                from: try from.map { try parseDate($0, flag: "--from") },
                to: try to.map { try parseDate($0, flag: "--to") })
            guard options.format == .text else {
                return TableRenderer.render(ResultTable(entries), format: options.format)
            }
            for e in entries {
                let occurred = e.occurred.padding(toLength: 10, withPad: " ", startingAt: 0)
                let type = e.type.padding(toLength: 12, withPad: " ", startingAt: 0)
                let status = e.status == "corrected" ? " (corrected)" : ""
                Terminal.out("\(occurred)  \(type)  \(e.title)\(status)  [\(e.mainSource ?? "")]")
            }
            if entries.isEmpty { Terminal.note("no events match") }
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
            let claims = try options.reader().claims(standing: status, about: about)
            guard options.format == .text else {
                let table = ResultTable(claims, columns: ClaimSummary.listColumns)
                return TableRenderer.render(table, format: options.format)
            }
            for c in claims {
                let counts =
                    "\(c.assertions) asserting, \(c.reports) reporting, \(c.denials) denying, "
                    + "\(c.evidenceSources) sources"
                Terminal.out("\(c.standing.padding(toLength: 12, withPad: " ", startingAt: 0))  \(c.id)")
                Terminal.out("              \(c.statement)")
                Terminal.out("              \(counts); \(c.firstOccurred ?? "") – \(c.latestOccurred ?? "")")
            }
            if claims.isEmpty { Terminal.note("no claims match") }
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
                let claim = ResultTable([summary])
                let s = TableRenderer.jsonObject(claim.columns, claim.rows[0])
                Terminal.out("{\"claim\":\(s),\"history\":\(TableRenderer.json(ResultTable(history)))}")
            case .csv: TableRenderer.render(ResultTable(history), format: .csv)
            case .text:
                let c = summary
                Terminal.out("\(c.id): \(c.statement)")
                Terminal.out(
                    "standing: \(c.standing) (\(c.basis)); \(c.assertions) asserting, \(c.reports) reporting, "
                        + "\(c.denials) denying, \(c.acknowledgements) acknowledging, \(c.noComments) no comment; "
                        + "\(c.evidenceSources) supporting sources")
                var lastEvent = ""
                for h in history {
                    if h.eventID != lastEvent {
                        lastEvent = h.eventID
                        let kind = h.kind == "assessment" ? "assessed \(h.stance)" : h.stance
                        Terminal.out("")
                        Terminal.out("\(h.occurred)  \(kind)  \(h.title)  (\(lastEvent))")
                        if let actors = h.actors, !actors.isEmpty { Terminal.out("    actors: \(actors)") }
                        if let note = h.note, !note.isEmpty { Terminal.out("    note: \(note)") }
                    }
                    let title = h.sourceTitle ?? ""
                    let source = [h.publisher ?? "", title.isEmpty ? "" : "\"\(title)\"", h.published ?? ""]
                        .filter { !$0.isEmpty }.joined(separator: ", ")
                    Terminal.out("    source: \(source) \(h.url ?? "")")
                    if let quote = h.quote, !quote.isEmpty { Terminal.out("      “\(quote)”") }
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
            let bans = try options.reader().bans(activeOn: try activeOn.map { try parseDate($0, flag: "--active-on") })
            TableRenderer.render(ResultTable(bans), format: options.format, maxWidth: 48)
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
            TableRenderer.render(
                ResultTable(try options.reader().releases(by: by)), format: options.format, maxWidth: 60)
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
            let hits = try options.reader().search(words.joined(separator: " "), limit: max(1, limit))
            guard options.format == .text else {
                return TableRenderer.render(ResultTable(hits), format: options.format)
            }
            for hit in hits {
                Terminal.out("\(hit.occurred)  \(hit.type)  \(hit.title)  (\(hit.id))")
                Terminal.out("    \(TableRenderer.oneLine(hit.snippet ?? ""))")
            }
            if hits.isEmpty { Terminal.note("no matches") }
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
