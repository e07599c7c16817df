import Testing

@testable import AnnalsCore

@Suite("EntityResolver: ids, names and aliases")
struct EntityResolverTests {
    static let resolver = EntityResolver([
        .init(id: "gov:water-dept", name: "Water Department", aliases: ["City Water", "WD"]),
        .init(id: "org:clearbrook", name: "Clearbrook Chemical", aliases: ["Clearbrook"]),
        .init(id: "org:residents", name: "Residents' Association", aliases: ["Clearbrook Residents"]),
        .init(id: "org:twin-a", name: "Twin", aliases: []),
        .init(id: "org:twin-b", name: "Other", aliases: ["twin"]),
    ])

    @Test(
        "an id, a name or an alias, whatever its case and spacing, names its entity",
        arguments: [
            ("gov:water-dept", "gov:water-dept"), ("Water Department", "gov:water-dept"),
            ("water  department", "gov:water-dept"), ("CITY WATER", "gov:water-dept"), ("wd", "gov:water-dept"),
            ("Clearbrook", "org:clearbrook"), ("clearbrook residents", "org:residents"),
        ])
    func resolves(text: String, id: String) throws {
        #expect(try Self.resolver.resolve(text, flag: "--actor") == id)
    }

    @Test("a text two entities answer to is refused with both")
    func ambiguous() {
        #expect(
            throws: UnknownEntityError(
                flag: "--actor", text: "TWIN", ambiguous: ["org:twin-a", "org:twin-b"], suggestions: [])
        ) {
            try Self.resolver.resolve("TWIN", flag: "--actor")
        }
    }

    @Test(
        "an unknown text gets the closest names, and none when nothing is close",
        arguments: [
            ("Water Departmnt", ["Water Department (gov:water-dept)"]),
            ("gov:water-dep", ["gov:water-dept"]),
            ("Clearbrok", ["Clearbrook (org:clearbrook)"]),
            ("Harbour Authority", []),
        ])
    func suggests(text: String, expected: [String]) {
        do {
            _ = try Self.resolver.resolve(text, flag: "--by")
            Issue.record("\(text) resolved")
        } catch {
            #expect(error.suggestions == expected)
            #expect(error.status == .badInput)
            #expect(error.description.contains("--by \"\(text)\" is no registered entity's"))
        }
    }

}
