import Annals
import AnnalsCore
import AnnalsSystem
import ArgumentParser
import Foundation

/// The `annals` command: an event-sourced timeline and claims ledger.
public struct AnnalsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "annals",
        abstract:
            "An append-only, hash-chained ledger of sourced events: accusations, bans, releases, responses, claims.",
        discussion: prose(
            """
            The ledger is the Events/ directory of the nearest folder at or above the current one
            (like git), or the folder given with --ledger. Events are only ever appended; mistakes
            are fixed with correction and retraction events.

            Exit statuses: 0 ok; 1 verification failed or torn log; 64 usage; 65 bad input;
            66 no ledger; 70 internal error; 73 cannot write; 74 cannot read; 75 ledger busy.
            """),
        version: "0.1.0",
        subcommands: [
            Init.self, Append.self, Import.self, Log.self, Show.self, Timeline.self, Claims.self, Claim.self, Bans.self,
            Releases.self, Search.self, Query.self, Replay.self, SnapshotCommand.self, Diff.self, Review.self,
            Export.self,
            Entities.self, Verify.self, CheckpointCommand.self, Prove.self, CheckProof.self, Keygen.self,
            Repair.self, Merge.self, Rebase.self, MergeDriverCommand.self, SourcesCommand.self, Sync.self,
        ]
    )

    public init() {}

    /// Runs the command line, accepting `--ledger PATH` (or `--ledger=PATH`) before the
    /// subcommand as well as after it, as `git -C` does.
    public static func mainAcceptingGlobalLedger() {
        var args = Array(CommandLine.arguments.dropFirst())
        while let first = args.first, first == "--ledger" || first.hasPrefix("--ledger=") {
            let value =
                first == "--ledger" ? (args.count > 1 ? args[1] : "") : String(first.dropFirst("--ledger=".count))
            args.removeFirst(first == "--ledger" ? min(2, args.count) : 1)
            if value.isEmpty || value.hasPrefix("-") {
                exit(
                    withError: ArgumentParser.ValidationError(
                        "--ledger needs a folder path, e.g. annals --ledger ~/ai-chips timeline"))
            }
            Environment.set("ANNALS_LEDGER", to: value)  // the last one given wins, as with other options
        }
        main(args)
    }
}

/// Runs a command body, turning Annals failures into one line on stderr and their documented
/// exit status.
func perform(_ body: () throws -> Void) throws {
    defer { Terminal.flush() }
    do {
        try body()
    } catch let failure as any AnnalsFailure {
        Terminal.error(failure.description)
        throw ExitCode(failure.status.rawValue)
    } catch let exit as ExitCode {
        throw exit
    } catch let usage as ArgumentParser.ValidationError {
        throw usage
    } catch {
        Terminal.error("\(error)")
        throw ExitCode(ExitStatus.software.rawValue)
    }
}
