import Annals
import ArgumentParser
import Foundation

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
        let opened = try Ledger.open(options: settings())
        opened.notice = { Terminal.note($0) }
        return opened
    }

    /// The settings of the environment (a bad one is a usage error), then `--ledger`.
    func settings() throws -> Ledger.Options {
        var options = try Ledger.Options.checked(environment: ProcessInfo.processInfo.environment)
        if let ledger { options.ledgerPath = ledger }
        options.recorderFromGit = Ledger.gitUserName
        return options
    }

    /// The settings of the environment, any out of range left at its default: what `annals init` runs with.
    static func lenientSettings() -> Ledger.Options {
        var options = Ledger.Options(environment: ProcessInfo.processInfo.environment)
        options.recorderFromGit = Ledger.gitUserName
        return options
    }
}
