import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem
import Foundation

/// One side of a diff: a snapshot (by name or path), or a state computed from the log.
public enum DiffOperand: Sendable, CustomStringConvertible {
    case snapshot(name: String, path: String)
    case state(Ledger.Moment)

    /// `now`, `@DATE` (the state as of DATE), a snapshot name, or a path to a `.jsonl.gz` file.
    public static func parse(_ text: String, in ledger: Ledger) throws -> DiffOperand {
        if text == "now" { return .state(.init()) }
        if text.hasPrefix("@") {
            do { return .state(.init(asOf: try PartialDate.parse(String(text.dropFirst())))) } catch {
                throw ValidationError(
                    field: "", value: text, problem: "not a date: \(error.message)",
                    fix: "write @YYYY-MM-DD (or @YYYY, @YYYY-MM)")
            }
        }
        if text.contains("/") || text.hasSuffix(SnapshotFile.suffix) {
            guard FileSystem.exists(text) else { throw SnapshotError.notFound(text) }
            return .snapshot(name: text, path: text)
        }
        let path = try SnapshotFile.path(ledger.layout, name: text)
        guard FileSystem.exists(path) else { throw SnapshotError.notFound(text) }
        return .snapshot(name: text, path: path)
    }

    public var description: String {
        switch self {
        case .snapshot(let name, _): name
        case .state(let m): m.asOf.map { "@\($0)" } ?? "now"
        }
    }
}
