import Annals
import AnnalsCore
import ArgumentParser

struct AppendRenderer {
    var format: OutputFormat
    var dryRun: Bool

    func render(_ outcome: AppendOutcome) {
        switch format {
        case .json, .jsonl:
            var o: JSONObject = [
                "dryRun": .bool(dryRun),
                "appended": .array(
                    outcome.appended.map {
                        .object(["location": .string($0.location), "seq": .integer($0.seq), "id": .string($0.id)])
                    }),
                "duplicates": .array(
                    outcome.duplicates.map { d in
                        var x: JSONObject = ["location": .string(d.location), "id": .string(d.id)]
                        if let s = d.existingSeq { x["existingSeq"] = .integer(s) }
                        return .object(x)
                    }),
            ]
            if let r = outcome.recorded { o["recorded"] = .string(r.description) }
            Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
        case .text:
            let verb = dryRun ? "would append" : "appended"
            if outcome.count == 1, let only = outcome.first {
                Terminal.out("\(verb) seq \(only.seq) \(only.id)")
            } else if let first = outcome.first, let last = outcome.last {
                Terminal.out("\(verb) \(Words.count(outcome.count, "event")), seq \(first.seq)–\(last.seq)")
            }
            for d in outcome.duplicates {
                let place = d.location.isEmpty ? "the event" : d.location
                let existing =
                    d.existingSeq.map { "already in the log as seq \($0)" }
                    ?? "a repeat of an earlier event in this input"
                Terminal.note("duplicate: \(place) is \(existing) (\(d.id)); skipped")
            }
            if outcome.count == 0 && outcome.duplicates.isEmpty { Terminal.out("nothing to append") }
            if outcome.count == 0 && !outcome.duplicates.isEmpty {
                Terminal.out("nothing new: every event is already in the log")
            }
        }
    }
}
