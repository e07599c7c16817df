// The events fuzzer: the event decoder and validator. Any crash is a bug.
import AnnalsCore

/// A log that knows one entity, one claim, one ban and one event, so references resolve.
struct FuzzNames: KnownNames {
    func seq(of key: NameKey) throws -> Int64? {
        [
            Name(.entity, "org:a").key, Name(.claim, "claim:x").key, Name(.ban, "ban:b").key,
            Name(.event, "ev_0123456789abcdef0123456789abcdef").key, Name.alias("alpha").key,
        ].contains(key) ? 1 : nil
    }
    func entity(forAlias alias: String) throws -> String? { Name.alias(alias) == Name.alias("alpha") ? "org:a" : nil }
    func allEntityIDs() throws -> [String] { ["org:a"] }
}

/// One fuzz input: decoded, validated, sealed and checked. Also replayed by FuzzRegressionTests.
public func fuzzEvents(_ bytes: [UInt8]) {
    // Input batches: every item through the full validator.
    if let items = try? InputParser.items(bytes) {
        var validator = BatchValidator(known: FuzzNames())
        for item in items {
            guard case .event(let prepared)? = try? validator.validate(item) else { continue }
            // What validates must seal, re-decode to itself, and encode canonically both ways.
            let (record, line) = RecordCodec.seal(
                prepared.event, id: prepared.id, seq: 1, prev: Digest.genesis,
                recorded: Timestamp(secondsSinceEpoch: 0), recorder: "fuzz")
            guard let back = try? RecordCodec.decode(line[...]), back == record else {
                fatalError("sealed record does not decode to itself")
            }
            guard CanonicalJSON.encode(prepared.event.json) == prepared.event.canonicalBytes else {
                fatalError("canonical writers disagree")
            }
        }
    }
    // Logged lines: the record checker must refuse or accept, never crash.
    _ = try? RecordCodec.decode(bytes[...])
    _ = try? RecordCodec.peek(bytes[...])
}
