import Foundation

/// Events of every type and shape, as JSON Lines, for comparing two ways of doing the same work.
public enum SampleEvents {
    public static let kinds = ["org", "gov", "model", "chip", "person"]

    public static func entityID(_ i: Int) -> String { "\(kinds[i % kinds.count]):gen-\(i)" }

    /// Registers `count` entities (each with an alias `gen alias N`).
    public static func entities(_ count: Int) -> [String] {
        (0..<count).map { i in
            #"{"type":"entity","title":"Registers \#(entityID(i))","occurred":"2015","entity":{"id":"\#(entityID(i))","name":"Generated entity \#(i)","aliases":["gen alias \#(i)"]},"sources":[{"url":"https://example.org/entities/\#(i)","publisher":"Example Registry"}]}"#
        }
    }

    /// Event `k` about the `entities` registered first: releases, bans, lifts, claims, with
    /// texts that need escaping and some that are not ASCII.
    public static func event(_ k: Int, entities: Int) -> String {
        let types = ["release", "announcement", "accusation", "report", "response", "ban", "ban-lifted"]
        let type = types[k % types.count]
        let actor = entityID((k * 13) % entities)
        let other = entityID((k * 29 + 7) % entities)
        let date = String(format: "%04d-%02d-%02d", 2015 + (k * 7919) % 11, 1 + (k * 31) % 12, 1 + (k * 17) % 28)
        let titles = ["plain", #"a \"quoted\" \\ word"#, "Café — “curly” 😀", "日本語の題"]
        let summaries = ["plain", "tab\\there", "line\\nbreak", #"a \"quoted\" word"#, "Ünïcödé"]
        var fields = [
            #""type":"\#(type)""#, #""title":"Event \#(k): \#(titles[k % titles.count])""#,
            #""summary":"Summary \#(k) \#(summaries[k % summaries.count])""#,
            #""occurred":"\#(type == "ban-lifted" ? "2026-01-01" : date)""#,
            #""actors":[{"entity":"\#(actor)","role":"actor"},{"entity":"\#(other)","role":"subject"}]"#,
            #""sources":[{"url":"https://example.org/news/\#(k)","publisher":"Example News","published":"\#(date)","quote":"Quote \#(k)"}]"#,
        ]
        switch type {
        case "accusation", "report", "response":
            let stance = ["accusation": "asserts", "report": "reports", "response": "denies"][type]!
            fields.append(
                #""claims":[{"id":"claim:gen-\#(k % 50)","stance":"\#(stance)","statement":"Proposition \#(k % 50)"}]"#)
        case "release":
            fields.append(#""release":{"product":"model:gen-\#(2 + 5 * (k % 7))","version":"v\#(k % 10)"}"#)
        case "ban":
            fields.append(#""ban":{"id":"ban:gen-\#(k)","authority":"\#(actor)","targets":["\#(other)"]}"#)
        case "ban-lifted":
            fields.append(#""lifts":{"ban":"ban:gen-\#(k - 1)","scope":"\#(k % 2 == 1 ? "partial" : "full")"}"#)
        default: break
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `count` entities, then `events` events about them.
    public static func lines(entities: Int = 20, events: Int) -> [String] {
        Self.entities(entities) + (1...max(1, events)).prefix(events).map { event($0, entities: entities) }
    }
}
