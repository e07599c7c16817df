import AnnalsCore
import AnnalsProjection

/// TimelineJS3's JSON format (https://timeline.knightlab.com/docs/json-format.html): a `title`
/// slide, one slide per standing event (dates at their real precision, `text` as escaped HTML
/// with the summary, sources and quotes, entities by name, `group` its type, `unique_id` its event
/// id), and an era per period of each ban while it lasts (in force, relaxed); stamped with a
/// top-level `ledger` member and a line of the title slide, which also gives the ledger's description.
public enum TimelineJSWriter {
    /// The document for `data` at `state`, titled `title`.
    public static func document(
        _ data: ExportData, state: LedgerState, title: String, description: String? = nil
    ) -> JSONValue {
        let events = data.standing
        let bans = Dictionary(data.bans.map { ($0.imposedBy, $0) }, uniquingKeysWith: { a, _ in a })
        let end = endOfData(data, state: state)
        let slides = events.map { event -> JSONValue in
            let row = event.row
            var slide: JSONObject = ["start_date": date(row.occurred)]
            if let ban = bans[row.seq], let lifted = ban.lifted, lifted >= row.occurredStart {
                slide["end_date"] = date(lifted)
            }
            slide["text"] = .object([
                "headline": .string(Markup.escape(row.title)),
                "text": .string(FeedEntry(event: event, data: data).html),
            ])
            slide["group"] = .string(row.type)
            slide["unique_id"] = .string(row.id)
            return .object(slide)
        }
        let eras = data.bans.flatMap { banEras($0, data: data, end: end) }
        let intro =
            (description.map { "<p>" + Markup.escape($0) + "</p>" } ?? "") + "<p>"
            + Markup.escape("\(slides.count) events and \(eras.count) ban periods from the ledger.")
            + "</p><p>" + Markup.escape(state.sentence(command: "export timelinejs")) + "</p>"
        return .object([
            "title": .object(["text": .object(["headline": .string(Markup.escape(title)), "text": .string(intro)])]),
            "events": .array(slides),
            "eras": .array(eras),
            "scale": .string("human"),
            "ledger": state.json,
        ])
    }

    /// One era per period of `ban` before it was lifted (in force, relaxed), each to the day the
    /// next began, the last to its full lift or `end`; its text names the authority and targets.
    static func banEras(_ ban: BanPeriod, data: ExportData, end: String) -> [JSONValue] {
        let targets = (ban.targets ?? "").split(separator: ", ").map { data.name(String($0)) }
        let who = "By \(data.name(ban.authority))" + (targets.isEmpty ? "" : " on " + targets.joined(separator: ", "))
        return data.periods(of: ban).filter { $0.status != "lifted" }.map { period -> JSONValue in
            let stop = max(period.to ?? end, period.from)
            let until = period.to.map { " until \($0)" } ?? ", still on \(end)"
            return .object([
                "start_date": date(period.from), "end_date": date(stop),
                "text": .object([
                    "headline": .string(Markup.escape("\(ban.title) (\(period.status))")),
                    "text": .string(Markup.escape("\(who); \(period.status) from \(period.from)\(until).")),
                ]),
            ])
        }
    }

    /// The last day a ban still in force is drawn to: the as-of date, else the day of the
    /// state's latest record (the data's "today").
    static func endOfData(_ data: ExportData, state: LedgerState) -> String {
        if let asOf = state.asOf { return asOf.lastDay }
        return String((data.lastRecorded ?? "1970-01-01").prefix(10))
    }

    /// A TimelineJS date object holding exactly the fields `text`'s precision has: `2025` →
    /// {year}, `2025-11` → {year, month}, a day adds `day`, a timestamp `hour`, `minute`, `second`.
    public static func date(_ text: String) -> JSONValue {
        guard let d = try? PartialDate.parse(text) else { return .object(["year": .integer(0)]) }
        var o: JSONObject = ["year": .integer(Int64(d.year))]
        if d.precision >= .month { o["month"] = .integer(Int64(d.month)) }
        if d.precision >= .day { o["day"] = .integer(Int64(d.day)) }
        if d.precision >= .timestamp {
            o["hour"] = .integer(Int64(d.hour))
            o["minute"] = .integer(Int64(d.minute))
            o["second"] = .integer(Int64(d.second))
        }
        return .object(o)
    }
}
