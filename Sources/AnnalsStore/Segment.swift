import AnnalsCore
import AnnalsSystem

/// One segment file of the log, `Events/NNNNNNNN.jsonl`, named by the seq of its first record.
public struct Segment: Sendable, Equatable {
    public let firstSeq: Int64
    public let path: String
    public var name: String { Segment.name(firstSeq) }

    public static func name(_ firstSeq: Int64) -> String {
        let digits = String(firstSeq)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".jsonl"
    }

    /// Whether `name` is how a segment is named (by its first seq, at least 8 digits).
    public static func isName(_ name: String) -> Bool {
        guard name.hasSuffix(".jsonl") else { return false }
        let stem = name.dropLast(6)
        guard stem.count >= 8, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let first = Int64(stem), first >= 1
        else { return false }
        return Segment.name(first) == name
    }

    /// Lists the segments of `dir` in seq order. Files that are not named like segments are
    /// ignored; a segment that is a symlink or not a regular file is refused.
    static func list(in dir: String) throws(StoreError) -> [Segment] {
        var found: [Segment] = []
        for name in try FileSystem.entries(of: dir) {
            guard name.hasSuffix(".jsonl") else { continue }
            guard isName(name), let first = Int64(name.dropLast(6)) else {
                throw .unsafePath(
                    path: dir + "/" + name,
                    problem: "a .jsonl file in Events/ that is not named by its first seq (8 digits)")
            }
            let path = dir + "/" + name
            let kind = try FileSystem.status(of: path, followingLinks: false).kind
            guard kind == .regular else {
                throw .unsafePath(
                    path: path, problem: kind == .symbolicLink ? "it is a symbolic link" : "it is not a regular file")
            }
            found.append(Segment(firstSeq: first, path: path))
        }
        return found.sorted { $0.firstSeq < $1.firstSeq }
    }
}
