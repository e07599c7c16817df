import Annals
import ArgumentParser

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty ledger (Events/, Snapshots/, .annals/) in a folder.",
        discussion: "Add '.annals/' to the folder's .gitignore: it holds derived state only."
    )

    @Argument(help: "The folder to create the ledger in (created if missing).")
    var path: String = "."

    func run() throws {
        try perform {
            let ledger = try Ledger.create(at: path)
            Terminal.out("created an empty ledger in \(ledger.layout.root)")
        }
    }
}
