import Annals
import AnnalsCore
import ArgumentParser

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Keep cited sources checkable: capture pages, check quotes.",
        subcommands: [SourcesCapture.self, SourcesCheck.self])
}

/// The fetch bounds both subcommands take.
struct FetchOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seconds for a whole page, redirects included.", valueName: "seconds"))
    var timeout: Double = 30
    @Option(parsing: .unconditional, help: ArgumentHelp("The most redirects followed per page.", valueName: "n"))
    var maxRedirects: Int = 5
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The most bytes per page, counted after decoding; a larger page is not captured.", valueName: "bytes"))
    var maxBytes: Int = 10 << 20
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seconds between two requests to the same host.", valueName: "seconds"))
    var delay: Double = 1
    @Flag(
        help: "Fetch addresses that are not globally reachable too (private, loopback, link-local: refused by default)."
    )
    var allowPrivate = false

    func validate() throws {
        guard timeout > 0, timeout <= 600 else {
            throw ArgumentParser.ValidationError("--timeout must be from 0 to 600 seconds")
        }
        guard (0...20).contains(maxRedirects) else {
            throw ArgumentParser.ValidationError("--max-redirects must be from 0 to 20")
        }
        guard maxBytes > 0, maxBytes <= 1 << 30 else {
            throw ArgumentParser.ValidationError("--max-bytes must be from 1 to 1 GiB")
        }
        guard delay >= 0, delay <= 60 else {
            throw ArgumentParser.ValidationError("--delay must be from 0 to 60 seconds")
        }
    }

    var limits: PageFetcher.Limits {
        var l = PageFetcher.Limits()
        l.timeout = timeout
        l.redirects = maxRedirects
        l.bytes = maxBytes
        l.delay = delay
        l.allowPrivate = allowPrivate
        return l
    }
}
