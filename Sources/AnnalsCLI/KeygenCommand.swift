import Annals
import AnnalsCore
import ArgumentParser

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key for signing checkpoints; print its verifier key.",
        discussion: prose(
            """
            Writes the private key (Go's note format, PRIVATE+KEY+…, mode 0600) to --out and prints
            the verifier key (name+id+base64, C2SP signed-note) that readers check checkpoints with.
            The key file is never written inside a ledger, nor (unless --force) inside a git work
            tree, and an existing file is never replaced.
            Name the key like the ledger's origin.
            Example:
              annals keygen --name example.org/ai-chips --out ~/.config/annals/ai-chips.key
            """)
    )

    @Option(help: ArgumentHelp("The key's name (no spaces or '+'), usually the ledger's origin.", valueName: "name"))
    var name: String
    @Option(help: ArgumentHelp("Where to write the private key file.", valueName: "keyfile")) var out: String
    @Flag(help: "Write the key inside a git work tree all the same.") var force = false
    @Option(help: "Output format: text, or json (jsonl: the same one line).") var format: OutputFormat = .text

    func run() throws {
        try perform {
            let verifier = try KeyFile.generate(name: name, to: out, force: force)
            switch format {
            case .json, .jsonl:
                let o: JSONObject = [
                    "name": .string(verifier.name), "verifier_key": .string(verifier.text), "key_file": .string(out),
                ]
                Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
            case .text:
                Terminal.out(verifier.text)
                Terminal.note("wrote the private key to \(out); keep it secret. Publish the verifier key above.")
            }
        }
    }
}
