import Foundation
import Testing

/// Read filters take an entity's id, name or alias, as `append` does; an unknown one is
/// refused with "did you mean", never answered with nothing; `--actor` also finds the bans an
/// entity imposes or is targeted by, with their lifts. A city's water dispute.
@Suite("Names wherever ids are taken")
struct NamesTests {
    static func ledger() throws -> TestLedger {
        let ledger = try TestLedger()
        let source = #""sources":[{"url":"https://example.org/water","publisher":"The River Gazette"}]"#
        let lines = [
            Inputs.entity("gov:water-dept", "Water Department", aliases: ["City Water"]),
            Inputs.entity("gov:state-agency", "State Environmental Agency", aliases: ["SEA"]),
            Inputs.entity("org:clearbrook", "Clearbrook Chemical", aliases: ["Clearbrook"]),
            Inputs.entity("org:residents", "Riverside Residents' Association"),
            Inputs.entity("product:filter-kit", "Home Filter Kit"),
            #"{"type":"accusation","title":"Residents accuse the plant of contaminating wells","#
                + #""occurred":"2024-03-01","actors":[{"entity":"org:residents","role":"accuser"},"#
                + #"{"entity":"org:clearbrook","role":"accused"}],"claims":[{"id":"claim:wells","#
                + #""stance":"asserts","statement":"The plant contaminated the wells"}],\#(source)}"#,
            #"{"type":"ban","title":"The agency bars discharges into the river","occurred":"2024-04-01","#
                + #""ban":{"id":"ban:discharge","authority":"gov:state-agency","targets":["org:clearbrook"],"#
                + #""items":["river discharges"]},\#(source)}"#,
            #"{"type":"ban-lifted","title":"The agency allows treated discharges","occurred":"2024-09-01","#
                + #""lifts":{"ban":"ban:discharge","scope":"partial"},\#(source)}"#,
            #"{"type":"release","title":"The water department hands out filter kits","occurred":"2024-05-01","#
                + #""actors":[{"entity":"gov:water-dept","role":"distributor"}],"#
                + #""release":{"product":"product:filter-kit"},\#(source)}"#,
        ]
        let r = try ledger.run(["append", "--file", "-"], stdin: lines.joined(separator: "\n") + "\n")
        try #require(r.status == 0, "\(r.stderr)")
        return ledger
    }

    @Test(
        "an id, a name and an alias give the same answer",
        arguments: [
            (["timeline", "--actor"], ["org:clearbrook", "Clearbrook Chemical", "clearbrook", "CLEARBROOK CHEMICAL"]),
            (["log", "--actor"], ["org:clearbrook", "Clearbrook", "clearbrook  chemical"]),
            (["claims", "--about"], ["org:residents", "Riverside Residents' Association"]),
            (["releases", "--by"], ["gov:water-dept", "Water Department", "city water"]),
        ])
    func sameAnswer(flag: [String], texts: [String]) throws {
        let ledger = try Self.ledger()
        let answers = try texts.map { text in
            let r = try ledger.run(flag + [text])
            #expect(r.status == 0, "\(flag) \(text): \(r.stderr)")
            return r.stdout
        }
        #expect(!answers[0].isEmpty, "\(flag): the id found nothing")
        for (text, answer) in zip(texts, answers) { #expect(answer == answers[0], "\(flag) \(text)") }
    }

    @Test("--actor finds the bans an entity imposes or is targeted by, and their lifts")
    func bansAndLifts() throws {
        let ledger = try Self.ledger()
        for args in [["timeline", "--actor", "SEA"], ["log", "--actor", "Clearbrook"]] {
            let out = try ledger.run(args).stdout
            #expect(out.contains("The agency bars discharges into the river"), "\(args)")
            #expect(out.contains("The agency allows treated discharges"), "\(args)")
        }
        let residents = try ledger.run(["timeline", "--actor", "org:residents"]).stdout
        #expect(!residents.contains("bars discharges"))
    }

    @Test(
        "an unknown name is refused with the closest ones and the ledger is untouched",
        arguments: [
            (["timeline", "--actor", "Clearbrok Chemical"], "did you mean Clearbrook Chemical (org:clearbrook)?"),
            (["log", "--actor", "gov:water-dep"], "did you mean gov:water-dept?"),
            (["claims", "--about", "Harbour Authority"], "give an id, name or alias from 'annals entities'"),
            (["releases", "--by", "Water Departmen"], "Water Department (gov:water-dept)"),
        ])
    func unknown(args: [String], message: String) throws {
        let ledger = try Self.ledger()
        let before = try ledger.fingerprint()
        let r = try ledger.run(args)
        #expect(r.status == 65, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        #expect(r.stderr.contains("is no registered entity's id, name or alias"))
        #expect(r.stdout.isEmpty)
        #expect(try ledger.fingerprint() == before)
    }
}
