/// A row of the search query: the hit with its snippet on the prepared text, and the original
/// summary and quotes the snippet is shown in.
struct SearchRow: ProjectionRow {
    var occurred: String
    var type: String
    var title: String
    var snippet: String?
    var id: String
    var status: String
    var rank: Double
    var summary: String?
    var quotes: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case occurred, type, title, snippet, id, status, rank, summary, quotes
    }
}
