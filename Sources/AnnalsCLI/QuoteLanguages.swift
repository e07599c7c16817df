import Annals
import AnnalsCore

/// The language and translations of the quotes a claim's history shows, read from the events'
/// records (the history rows carry the quote only). Each event is read once.
final class QuoteLanguages {
    private let ledger: Ledger
    private var sourcesByEvent: [String: [Source]] = [:]

    init(ledger: Ledger) { self.ledger = ledger }

    /// The source of `h`'s event with `h`'s quote and URL, when it has a language or translations.
    func source(of h: ClaimHistoryEntry) -> Source? {
        guard let quote = h.quote else { return nil }
        let sources = sources(ofEvent: h.eventID)
        let found = sources.first { $0.quote == quote && $0.url == h.url }
        guard let found, found.quoteLang != nil || !found.translations.isEmpty else { return nil }
        return found
    }

    /// The translations of `h`'s quote as a JSON array, or nil when it has none.
    func translationsJSON(of h: ClaimHistoryEntry) -> String? {
        guard let translations = source(of: h)?.translations, !translations.isEmpty else { return nil }
        return String(decoding: CanonicalJSON.encode(.array(translations.map(\.json))), as: UTF8.self)
    }

    private func sources(ofEvent id: String) -> [Source] {
        if let known = sourcesByEvent[id] { return known }
        let sources = (try? ledger.record(id).event.sources) ?? []
        sourcesByEvent[id] = sources
        return sources
    }
}
