import Annals
import AnnalsCore
import ArgumentParser
import Foundation

struct MergeRenderer {
    var format: OutputFormat

    func render(_ r: MergeReport, verb: String) {
        switch format {
        case .json, .jsonl:
            let o: JSONObject = [
                "base_records": .integer(r.baseRecords), "kept_records": .integer(r.keptRecords),
                "appended": .array(
                    r.appended.map {
                        .object([
                            "seq": .integer($0.seq), "from_seq": .integer($0.from), "id": .string($0.id),
                            "title": .string($0.title),
                        ])
                    }),
                "duplicates": .array(r.duplicates.map { .string($0) }),
                "changed_segments": .array(r.changedSegments.map { .string("Events/" + $0) }),
            ]
            Terminal.writeBytes(CanonicalJSON.encode(.object(o)) + [0x0A])
        case .text:
            var lines = [
                "\(verb): \(Words.count(r.baseRecords, "shared record")), \(r.keptRecords) kept as they are, \(r.appended.count) "
                    + "re-appended"
                    + (r.duplicates.isEmpty ? "" : ", \(r.duplicates.count) already present")
            ]
            for a in r.appended { lines.append("  seq \(a.seq) (was \(a.from)) \(a.id) \(a.title)") }
            lines.append(
                r.changedSegments.isEmpty
                    ? "Events/ unchanged"
                    : "wrote and staged " + r.changedSegments.map { "Events/" + $0 }.joined(separator: ", ")
                        + "; commit to finish")
            Terminal.out(lines.joined(separator: "\n"))
        }
    }
}
