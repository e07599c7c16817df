import Annals
import AnnalsCore
import ArgumentParser

struct Append: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events: one from flags, or a batch from a JSON / JSON Lines file.",
        discussion: prose(
            """
            The whole input is validated first; if anything is wrong nothing is written and the
            error names the line, the field, the value and the fix. Events already in the log
            (same id) are reported as duplicates and skipped, so retrying is safe.

            Examples:
              annals append --file events.jsonl --recorder "Jane Doe"
              annals append accusation --title "…" --occurred 2026-02-23 \\
                --actor org:anthropic=accuser --actor org:deepseek=accused \\
                --claim claim:deepseek-distilled-claude=asserts --statement "DeepSeek distilled Claude" \\
                --source https://… --publisher Anthropic --source-title "…" --published 2026-02-23
            """)
    )

    @OptionGroup var ledgerOptions: LedgerOptions

    @Argument(
        help: ArgumentHelp(
            "Event type (entity, release, announcement, ban, ban-lifted, accusation, report, response, claim-status, "
                + "correction, retraction). Omit with --file.",
            valueName: "type"))
    var type: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read events from a file: one JSON object, a JSON array, or JSON Lines; '-' for stdin.", valueName: "file"))
    var file: String?

    @Option(help: "Who records the events (default: $ANNALS_RECORDER, then git's user.name).")
    var recorder: String?

    @Flag(help: "Validate and report, but write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Output format: text, or json (jsonl: the same one line).", valueName: "format"))
    var format: OutputFormat = .text

    @OptionGroup(title: "Event fields") var fields: EventFlags

    func validate() throws {
        if file != nil && (type != nil || fields.isSet) {
            throw ArgumentParser.ValidationError("use either --file or a type with field flags, not both")
        }
        if file == nil && type == nil {
            throw ArgumentParser.ValidationError("give an event type with field flags, or --file FILE")
        }
    }

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let outcome =
                if let file {
                    try ledger.append(file: file, recorder: recorder, dryRun: dryRun, listsEach: format != .text)
                } else {
                    try appendFlags(to: ledger)
                }
            AppendRenderer(format: format, dryRun: dryRun).render(outcome)
        }
    }

    /// The event the flags describe, appended; entities given by name resolved, and a refusal
    /// said in the words of the flags.
    private func appendFlags(to ledger: Ledger) throws -> AppendOutcome {
        var reader: Ledger.Reader?
        func entityID(_ text: String, flag: String) throws -> String {
            if Identifiers.entityKind(text) != nil { return text }
            if reader == nil { reader = try ledger.reader() }
            return try ledger.resolveEntity(text, flag: flag, in: reader!)
        }
        let object = try fields.object(
            type: type!, eventID: { try ledger.record($0).id }, resolveEntity: { try entityID($0, flag: $1) })
        do {
            return try ledger.append(
                items: [BatchValidator.Item(location: "", value: object)], recorder: recorder, dryRun: dryRun)
        } catch let e as FlagWording.Refusal {
            throw FlagWording.reworded(e)
        }
    }
}
