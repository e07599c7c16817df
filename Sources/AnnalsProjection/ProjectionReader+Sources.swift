import GRDB

extension ProjectionReader {
    /// Every quote taken from a source with a URL, in URL, then log order.
    public func quotedCitations() throws -> [QuotedCitation] {
        try within { ctx in
            try ctx.rows(
                """
                SELECT s.url, es.quote, es.event_seq, e.id AS event_id
                FROM event_sources es JOIN sources s ON s.id = es.source_id JOIN events e ON e.seq = es.event_seq
                WHERE es.quote IS NOT NULL AND s.url IS NOT NULL AND e.type <> 'capture'
                ORDER BY s.url, es.event_seq, es.position
                """)
        }
    }

    /// Every URL the moment's events cite (captures aside), in order.
    public func citedURLs() throws -> [String] {
        try within { ctx in
            try ctx.column(
                """
                SELECT DISTINCT s.url FROM event_sources es JOIN sources s ON s.id = es.source_id
                JOIN events e ON e.seq = es.event_seq
                WHERE s.url IS NOT NULL AND e.type <> 'capture' ORDER BY s.url
                """, as: String.self)
        }
    }

    /// The newest capture of each URL (latest fetch, then latest record), by URL.
    public func latestCaptures() throws -> [String: CaptureRow] {
        let all: [CaptureRow] = try within { try $0.rows("SELECT * FROM captures ORDER BY url, fetched, event_seq") }
        var latest: [String: CaptureRow] = [:]
        for c in all { latest[c.url] = c }
        return latest
    }
}
