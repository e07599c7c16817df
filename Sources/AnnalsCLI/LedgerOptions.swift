import Annals
import ArgumentParser

/// Options every command that works on a ledger takes.
struct LedgerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The ledger folder (holding Events/); may also come before the subcommand, or from "
                + "$ANNALS_LEDGER. Default: the nearest one at or above the current directory.",
            valueName: "path"))
    var ledger: String?

    /// The ledger, with its notices (a rolled-back append, a rebuilt index) going to stderr.
    func open() throws -> Ledger {
        let opened = try Ledger.open(path: ledger)
        opened.notice = { Terminal.note($0) }
        return opened
    }
}
