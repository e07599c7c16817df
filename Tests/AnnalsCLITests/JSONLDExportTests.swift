import Foundation
import Testing

/// `annals export jsonld`, expanded to RDF offline by Python's pyld (python3-pyld) and read
/// again by rdflib (python3-rdflib); the triples checked against the claims the ledger holds.
@Suite("annals export jsonld")
struct JSONLDExportTests {
    static let available = pythonHas("pyld") && pythonHas("rdflib")

    /// Converts the file to RDF with pyld, whose document loader fails on any fetch, and with
    /// rdflib; prints the claims (id → appearances, first appearance), the ClaimReviews, the
    /// count of Events and of triples, and the Dataset's stamp.
    static let reader = """
        import json, sys
        from pyld import jsonld
        def offline(url, options=None):
            raise RuntimeError('a document fetch was attempted: ' + url)
        jsonld.set_document_loader(offline)
        doc = json.load(open(sys.argv[1]))
        S = 'https://schema.org/'
        T = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'
        dataset = jsonld.to_rdf(doc)
        triples = [t for graph in dataset.values() for t in graph]
        def values(s, p):
            return sorted(t['object']['value'] for t in triples
                          if t['subject']['value'] == s and t['predicate']['value'] == p)
        def objects(s, p):
            return values(s, S + p)
        def of_type(kind):
            return sorted(t['subject']['value'] for t in triples
                          if t['predicate']['value'] == T and t['object']['value'] == S + kind)
        claims = {}
        for c in of_type('Claim'):
            claims[objects(c, 'identifier')[0]] = {'iri': c, 'appearance': objects(c, 'appearance'),
                                                  'first': objects(c, 'firstAppearance')}
        reviews = []
        for r in of_type('ClaimReview'):
            rating = objects(r, 'reviewRating')
            reviews.append({'item': objects(r, 'itemReviewed'),
                            'alternateName': objects(rating[0], 'alternateName') if rating else [],
                            'author': [objects(a, 'name') for a in objects(r, 'author')],
                            'date': objects(r, 'datePublished')})
        dataset_node = of_type('Dataset')
        stamp = {}
        N = 'urn:annals:ns:export:'
        for ledger in values(dataset_node[0], N + 'ledger'):
            for t in triples:
                if t['subject']['value'] == ledger and t['predicate']['value'].startswith(N):
                    stamp[t['predicate']['value'][len(N):]] = t['object']['value']
        import rdflib
        g = rdflib.Graph()
        g.parse(data=open(sys.argv[1]).read(), format='json-ld')
        print(json.dumps({'claims': claims, 'reviews': reviews, 'events': len(of_type('Event')),
                          'triples': len(triples), 'rdflib_triples': len(g), 'stamp': stamp,
                          'description': objects(dataset_node[0], 'description')}))
        """

    @Test(
        .enabled(if: available, "needs python3-pyld and python3-rdflib: run Tools/install-test-deps.sh"))
    func claimsAppearancesAndOnlyExplicitAssessmentsAsClaimReviews() throws {
        let fixture = try ExportFixture(amended: false)
        let summary = try fixture.summary(["export", "jsonld", "--out", fixture.path("before.jsonld")])
        let before = try python(Self.reader, [fixture.path("before.jsonld")], in: fixture.out.url)
        let claimsList = try #require(
            (try JSONSerialization.jsonObject(with: Data(try fixture.run(["claims", "--format", "json"]).stdout.utf8))
                as? [String: Any])?["claims"] as? [[String: Any]])
        let claims = try #require(before["claims"] as? [String: [String: Any]])
        #expect(Set(claims.keys) == Set(claimsList.compactMap { $0["id"] as? String }))
        #expect(claims.count == summary["claims"] as? Int)
        // The shipped ledger derives every standing and assesses none: no ClaimReview at all.
        #expect((before["reviews"] as? [Any])?.isEmpty == true)
        #expect(before["triples"] as? Int == before["rdflib_triples"] as? Int)
        #expect(before["events"] as? Int == summary["events"] as? Int)

        // Appearances: the sources of the events that assert or report the claim, not those that deny it.
        let id = "claim:deepseek-distilled-openai-models"
        let history = try #require(
            (try JSONSerialization.jsonObject(
                with: Data(try fixture.run(["claim", id, "--format", "json"]).stdout.utf8))
                as? [String: Any])?["history"] as? [[String: Any]])
        let asserting = history.filter { ["asserts", "reports"].contains($0["stance"] as? String) }
        let urls = Set(
            asserting.flatMap { ($0["sources"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String } })
        let denying = Set(
            history.filter { $0["stance"] as? String == "denies" }
                .flatMap { ($0["sources"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String } })
        let claim = try #require(claims[id])
        #expect(Set(claim["appearance"] as? [String] ?? []) == urls && !urls.isEmpty)
        #expect(urls.isDisjoint(with: denying))
        let first = try #require((claim["first"] as? [String])?.first)
        #expect(urls.contains(first))

        // The stamp: the ledger node's terms and the description.
        let stamp = try #require(before["stamp"] as? [String: String])
        #expect(stamp["seq"] == "93" && stamp["origin"] == "annals.example/ai-chips" && stamp["head"]?.count == 64)
        #expect((before["description"] as? [String])?.first?.contains("--known-at-seq 93") == true)
    }

    @Test(
        .enabled(if: available, "needs python3-pyld and python3-rdflib: run Tools/install-test-deps.sh"))
    func anExplicitAssessmentBecomesOneClaimReviewWithItsStatus() throws {
        let fixture = try ExportFixture()
        let summary = try fixture.summary(["export", "jsonld", "--out", fixture.path("after.jsonld")])
        #expect(summary["claim_reviews"] as? Int == 1)
        let after = try python(Self.reader, [fixture.path("after.jsonld")], in: fixture.out.url)
        let reviews = try #require(after["reviews"] as? [[String: Any]])
        try #require(reviews.count == 1)
        let claims = try #require(after["claims"] as? [String: [String: Any]])
        let iri = try #require(claims["claim:deepseek-distilled-claude"]?["iri"] as? String)
        #expect(reviews[0]["item"] as? [String] == [iri])
        #expect(reviews[0]["alternateName"] as? [String] == ["disputed"])
        #expect(reviews[0]["date"] as? [String] == ["2026-03-03"])
        // The recorder is not the review's author: without a publisher in ledger.json, there is none.
        #expect(reviews[0]["author"] as? [[String]] == [])
        // At a moment before the assessment was recorded, there is none again.
        try fixture.run(["export", "jsonld", "--out", fixture.path("earlier.jsonld"), "--known-at-seq", "95"])
        let earlier = try python(Self.reader, [fixture.path("earlier.jsonld")], in: fixture.out.url)
        #expect((earlier["reviews"] as? [Any])?.isEmpty == true)
        #expect((earlier["stamp"] as? [String: String])?["seq"] == "95")
    }

    @Test func theContextIsEmbeddedAndAPastStateIsSmallerAndStamped() throws {
        let fixture = try ExportFixture(amended: false)
        try fixture.run(["export", "jsonld", "--out", fixture.path("now.jsonld")])
        let past = try fixture.summary([
            "export", "jsonld", "--out", fixture.path("past.jsonld"), "--as-of", "2025-01-01",
        ])
        let now = try fixture.json("now.jsonld")
        let context = try #require(now["@context"] as? [String: Any], "an inline context object, not a URL")
        #expect(context["Claim"] as? String == "schema:Claim" && context["schema"] as? String == "https://schema.org/")
        // Only @context and @graph at the top: every node, the Dataset stamp first, in the default graph.
        #expect(Set(now.keys) == ["@context", "@graph"])
        #expect((now["@graph"] as? [[String: Any]])?.first?["@type"] as? String == "Dataset")
        let graph = try #require(try fixture.json("past.jsonld")["@graph"] as? [[String: Any]])
        let doc = try #require(graph.first { $0["@type"] as? String == "Dataset" })
        #expect(graph.filter { $0["@type"] as? String == "Event" }.count == past["events"] as? Int)
        #expect(
            (past["events"] as! Int)
                < (now["@graph"] as! [[String: Any]]).filter { $0["@type"] as? String == "Event" }.count)
        #expect((doc["ledger"] as? [String: Any])?["as_of"] as? String == "2025-01-01")
        #expect((doc["description"] as? String)?.contains("as of 2025-01-01") == true)
        try fixture.run(["export", "jsonld", "--out", fixture.path("again.jsonld"), "--as-of", "2025-01-01"])
        #expect(try fixture.bytes("past.jsonld") == fixture.bytes("again.jsonld"))
    }
}
