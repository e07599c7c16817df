import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Text output fits the terminal: lines and tables are cut (widest part first, with an
/// ellipsis) to `$COLUMNS` or the terminal's width, measured in display columns (a wide East
/// Asian character takes two, a combining mark none); `--wide`, and output that is neither a
/// terminal nor given `COLUMNS`, print everything. A ledger of a court case with a long title,
/// a Chinese title and a title with combining accents.
@Suite("Tables and lines fit the terminal")
struct TerminalWidthTests {
    static let longTitle =
        "The appeals court hears the consolidated challenge to the county's sentencing guidelines brought by the "
        + "public defenders' association"
    static let chineseTitle = "法院就量刑指南的合并质疑举行听证会并听取公设辩护人协会的陈述"
    static let accentedTitle =
        "Audiencia sobre las pautas de sentencia: el tribunal escucha a la defensa pu\u{301}blica"

    static func ledger() throws -> TestLedger {
        let ledger = try TestLedger()
        let court = Inputs.entity("gov:appeals-court", "Court of Appeals for the Ninth District")
        let defenders = Inputs.entity("org:defenders", "Public Defenders' Association")
        let county = Inputs.entity("gov:county", "County Board")
        let events = [Self.longTitle, Self.chineseTitle, Self.accentedTitle].enumerated().map { n, title in
            #"{"type":"announcement","title":"\#(title)","occurred":"2025-0\#(n + 1)-01","#
                + #""actors":[{"entity":"gov:appeals-court","role":"court"}],"#
                + #""sources":[{"url":"https://example.org/court/\#(n)","publisher":"The Courthouse News Desk"}]}"#
        }
        let ban =
            #"{"type":"ban","title":"The county suspends the use of the sentencing guidelines pending review","#
            + #""occurred":"2025-05-01","ban":{"id":"ban:guidelines-suspension","authority":"gov:county","#
            + #""targets":["org:defenders","gov:appeals-court"],"items":["sentencing guidelines","#
            + #""risk assessment scores"]},"sources":[{"url":"https://example.org/county","publisher":"County"}]}"#
        let input = ([court, defenders, county] + events + [ban]).joined(separator: "\n") + "\n"
        let r = try ledger.run(["append", "--file", "-"], stdin: input)
        try #require(r.status == 0, "\(r.stderr)")
        return ledger
    }

    /// Display columns as glibc's wcwidth counts them in a UTF-8 locale: an oracle independent of Annals.
    static func columns(_ line: Substring) -> Int {
        _ = setlocale(LC_CTYPE, "C.UTF-8")
        return line.unicodeScalars.reduce(0) { $0 + max(0, Int(wcwidth(Int32($1.value)))) }
    }

    /// glibc's `wcwidth`, which Swift's Glibc module does not declare.
    static let wcwidth = unsafeBitCast(dlsym(nil, "wcwidth"), to: (@convention(c) (Int32) -> Int32).self)

    static let commands: [[String]] = [
        ["timeline"], ["bans"], ["claims"], ["log"], ["entities"], ["search", "sentencing"], ["releases"],
    ]

    @Test("with COLUMNS every text line fits, and --wide or a pipe prints it whole", arguments: [40, 60, 100])
    func linesFit(width: Int) throws {
        let ledger = try Self.ledger()
        for args in Self.commands {
            let r = try ledger.run(args, environment: ["COLUMNS": String(width)])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            for line in r.stdout.split(separator: "\n") {
                #expect(Self.columns(line) <= width, "\(args) at \(width): \(line)")
            }
        }
        let cut = try ledger.run(["timeline"], environment: ["COLUMNS": String(width)]).stdout
        #expect(cut.contains("…"))
        #expect(!cut.contains(Self.longTitle))
        for args in [["timeline", "--wide"], ["timeline"]] {
            let whole = try ledger.run(args, environment: args.count > 1 ? ["COLUMNS": String(width)] : [:]).stdout
            for title in [Self.longTitle, Self.chineseTitle, Self.accentedTitle] {
                #expect(whole.contains(title), "\(args) left out \(title)")
            }
        }
    }

    @Test("columns of equal width are cut together and the table still fits")
    func tiedColumns() throws {
        let ledger = try Self.ledger()
        let sql = "SELECT printf('%.*c', 100000, 'a') AS a, printf('%.*c', 100000, 'b') AS b, 'x' AS c"
        let r = try ledger.run(["query", sql], environment: ["COLUMNS": "40"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines { #expect(Self.columns(line) <= 40, "\(line)") }
        let cells = lines[1].split(separator: " ", omittingEmptySubsequences: true)
        #expect(cells.count == 3 && abs(cells[0].count - cells[1].count) <= 1, "\(lines[1])")
    }

    @Test("wide characters count two columns and are never split")
    func wideCharacters() throws {
        let ledger = try Self.ledger()
        let r = try ledger.run(["timeline"], environment: ["COLUMNS": "60"])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("法院") })
        #expect(Self.columns(line) <= 60)
        #expect(Self.columns(line) >= 58, "a line cut to fit should use the width: \(line)")
        let kept = try #require(line.split(separator: "  ").first { $0.hasPrefix("法院") })
        #expect(Self.chineseTitle.hasPrefix(kept.dropLast()), "\(kept)")
        #expect(kept.hasSuffix("…"))
    }

    @Test("a table cuts its widest column first and keeps its columns aligned")
    func tableAlignment() throws {
        let ledger = try Self.ledger()
        let wide = try ledger.run(["bans", "--wide"]).stdout.split(separator: "\n")
        let cut = try ledger.run(["bans"], environment: ["COLUMNS": "100"]).stdout.split(separator: "\n")
        #expect(wide.count == 2 && cut.count == 2)
        #expect(wide.allSatisfy { !$0.contains("…") })
        #expect(cut[1].contains("…"))
        #expect(cut[1].hasPrefix("2025-05-01"), "the narrow date column is not cut: \(cut[1])")
        // Each header starts where its column starts in the row below.
        let headers = ["imposed", "status", "id"]
        let starts = headers.map {
            cut[0].range(of: $0).map { cut[0].distance(from: cut[0].startIndex, to: $0.lowerBound) }
        }
        #expect(starts.allSatisfy { $0 != nil })
        let status = try #require(starts[1])
        #expect(Array(cut[1])[status...].starts(with: "in force"))
    }
}
