import Annals
import ArgumentParser

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty ledger (Events/, Snapshots/, .annals/) in a folder.",
        discussion: prose(
            """
            Add '.annals/' to the folder's .gitignore: it holds derived state only.
            --origin names the log in its checkpoints (kept in ledger.json); default
            annals.invalid/FOLDER. In an existing ledger, 'annals init --origin NAME' sets the
            origin until a checkpoint has been saved; after that it stays.
            """)
    )

    @Argument(help: "The folder to create the ledger in (created if missing).")
    var path: String = "."
    @Option(help: ArgumentHelp("The log's origin, e.g. example.org/ai-chips (no spaces or '+').", valueName: "name"))
    var origin: String?

    func run() throws {
        try perform {
            let (ledger, created) = try Ledger.initialize(
                at: path, origin: origin, options: LedgerOptions.lenientSettings())
            let set = (try? ledger.origin()).map { ", origin \($0)" } ?? ""
            Terminal.out(
                created
                    ? "created an empty ledger in \(ledger.root)\(set)"
                    : "the ledger in \(ledger.root) has origin \((try? ledger.origin()) ?? "")")
        }
    }
}
