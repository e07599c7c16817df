import Annals
import ArgumentParser

struct ExportHTML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html",
        abstract: "Write a self-contained timeline site (one index.html, no network needed to view it).",
        discussion: prose(
            """
            The page shows the timeline (one lane per kind of event), the claims with their standing,
            the bans as bars, and events per month; its as-of control shows the record as it stood
            on any date. Open DIR/index.html in a browser; add #asof=YYYY-MM-DD to its address to
            open it at a date. Its footer names the state it was computed from (seq and chain head) and
            the options that write the same page again (--known-at-seq). Its title and the paragraph
            under it are "title" and "description" in ledger.json, when set; the lanes are named for
            the kinds of event they hold.
            Example: annals export html --out site

            When Checkpoints/ holds saved checkpoints, each event carries its inclusion proof against
            the newest one: the page offers proof.json and the checkpoint for 'annals check-proof',
            and checks them in the browser (WebCrypto). With --key (the checkpoint's verifier key,
            which must have signed it) the page names the key and checks the signature too.
            """)
    )
    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: ArgumentHelp("The folder to write index.html into (created if missing).", valueName: "dir")) var out:
        String
    @OptionGroup var momentOptions: MomentOptions
    @Option(help: "The page's title (default: \"title\" in ledger.json, else 'Annals: ORIGIN').") var title: String?
    @Option(
        help: ArgumentHelp(
            "The checkpoint's verifier key, or a file of keys (repeatable); embedded so the page checks the signature.",
            valueName: "vkey|file"))
    var key: [String] = []
    @Flag(help: "Replace an existing DIR/index.html.") var force = false

    func run() throws {
        try perform {
            let ledger = try ledgerOptions.open()
            let result = try ledger.exportSite(
                moment: try momentOptions.moment(), to: out, title: title,
                keys: try key.flatMap { try KeyFile.verifiers($0) }, force: force)
            Terminal.out(
                "wrote \(result.path): \(Words.count(result.events, "event")), \(Words.count(result.moments, "date"))"
                    + " for the as-of control")
            if let (file, size) = result.checkpoint {
                let signed = result.signedBy.isEmpty ? "" : ", signed by \(result.signedBy.joined(separator: ", "))"
                Terminal.out(
                    "inclusion proofs of \(Words.count(result.proofs, "event")) against \(file) (\(Words.count(size, "record"))\(signed))"
                )
            } else {
                Terminal.out("no inclusion proofs: the ledger has no saved checkpoint (annals checkpoint --save)")
            }
        }
    }
}
