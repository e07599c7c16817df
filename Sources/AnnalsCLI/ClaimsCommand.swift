import Annals
import AnnalsCore
import ArgumentParser

struct Claims: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Claims with their standing: who asserts, who denies, how much evidence.",
        discussion: prose(
            """
            Standing: the latest claim-status assessment if there is one; otherwise confirmed if
            anyone acknowledges it, disputed if anyone denies it, corroborated if at least two
            events assert it first-hand with at least two distinct sources, else alleged (press
            reports of others' allegations never corroborate on their own).
            """)
    )
    @OptionGroup var options: ReadOptions
    @Option(
        help: ArgumentHelp(
            "Only claims with this standing (alleged, corroborated, confirmed, disputed, refuted, retracted).",
            valueName: "standing"))
    var status: String?
    @Option(
        help: ArgumentHelp(
            "Only claims concerning this entity (its id, name or alias; an actor of an event on the claim).",
            valueName: "entity"))
    var about: String?

    func run() throws {
        try perform {
            if let status, ClaimStanding(rawValue: status) == nil {
                throw ArgumentParser.ValidationError(
                    "unknown standing '\(status)'; use one of: "
                        + ClaimStanding.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let (ledger, reader, state) = try options.openLedger()
            let entity = try about.map { try ledger.resolveEntity($0, flag: "--about", in: reader) }
            let claims = try reader.claims(standing: status, about: entity)
            switch options.format {
            case .json: return StructuredJSON.print(state, "claims", claims, columns: ClaimSummary.listColumns)
            case .csv: return TableRenderer.render(ResultTable(claims, columns: ClaimSummary.listColumns), format: .csv)
            case .text: break
            }
            for c in claims {
                let counts =
                    "\(c.assertions) asserting, \(c.reports) reporting, \(c.denials) denying, "
                    + "\(c.acknowledgements) acknowledging, \(c.noComments) no comment; "
                    + Words.count(c.evidenceSources, "source")
                let range = Words.range(c.firstOccurred, c.latestOccurred)
                Terminal.out(LineFit.line(DisplayWidth.pad(c.standing, to: 12) + "  ", [c.id], width: options.width))
                Terminal.out(LineFit.line("              ", [c.statement], width: options.width))
                Terminal.out(LineFit.line("              ", ["\(counts); \(range)"], width: options.width))
            }
            if claims.isEmpty { Terminal.note("no claims match") }
        }
    }
}
