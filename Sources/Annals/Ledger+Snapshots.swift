import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem
import Foundation

extension Ledger {
    /// Writes a snapshot of `moment` to `Snapshots/<name>.jsonl.gz` (default name: the as-of
    /// date, or `seq-N`).
    public func createSnapshot(_ moment: Moment, name: String?, force: Bool) throws -> SnapshotInfo {
        let reader = try reader(at: moment)
        let seq = try Snapshots.position(of: reader).seq
        let name = name ?? moment.asOf?.description ?? "seq-\(seq)"
        let path = try SnapshotFile.path(layout, name: name)
        if !force && FileSystem.exists(path) { throw SnapshotError.exists(name) }
        try FileSystem.createDirectories(layout.snapshots)
        try FileSystem.createDirectories(layout.state)
        let written = try Snapshots.write(reader, moment: moment, to: path, scratch: layout.state, log: log)
        try SnapshotTrust.record(try SnapshotTrust.digest(ofFile: path), name: name, in: layout)
        return SnapshotInfo(name: name, path: path, header: written.header, fileBytes: written.bytes)
    }

    /// Every snapshot with its header (unreadable files are skipped with a notice).
    public func snapshots() throws -> [SnapshotInfo] {
        SnapshotFile.list(layout).compactMap { name in
            do { return try snapshot(name) } catch {
                notice("skipping \(name): \(error)")
                return nil
            }
        }
    }

    public func snapshot(_ name: String) throws -> SnapshotInfo {
        let path = try SnapshotFile.path(layout, name: name)
        guard FileSystem.exists(path) else { throw SnapshotError.notFound(name) }
        let (header, _) = try SnapshotFile.open(path: path, name: name)
        let size = (try? FileSystem.size(of: path)) ?? 0
        return SnapshotInfo(name: name, path: path, header: header, fileBytes: size)
    }

    /// Proves a snapshot is exactly what the log implies: its digest, then every row against
    /// the state recomputed from the log at the snapshot's moment.
    public func verifySnapshot(_ name: String) throws -> SnapshotInfo {
        let info = try snapshot(name)
        let fileDigest = try SnapshotTrust.digest(ofFile: info.path)
        let header = try SnapshotFile.checkDigest(path: info.path, name: name)
        if let why = Snapshots.unusable(header) {
            throw SnapshotError.damaged(name: name, reason: why + "; create it again")
        }
        guard
            header.seq == 0
                ? header.chainHead == Digest.genesis : (try log.record(seq: header.seq))?.hash == header.chainHead
        else {
            throw SnapshotError.damaged(
                name: name,
                reason:
                    "the log has no record \(header.seq) with hash \(header.chainHead.prefix(12))… (another history)")
        }
        try Snapshots.checkTree(header, name: name, log: log)
        let moment = Moment(
            asOf: try header.asOf.map { try PartialDate.parse($0) }, knownAtSeq: header.seq)
        let state = try ProjectionStore.replay(log, moment: moment)
        let (_, file) = try SnapshotFile.open(path: info.path, name: name)
        var line = 0
        try SnapshotRows.forEachLine(state) { expected, _ in
            line += 1
            let actual = try file.nextLine()
            guard actual == expected else {
                let which = actual.flatMap { try? SnapshotDiff.key($0) }.map { "\($0)" } ?? "the end of the file"
                throw SnapshotError.damaged(
                    name: name, reason: "row \(line) (\(which)) is not what the log implies at seq \(header.seq)")
            }
        }
        if try file.nextLine() != nil {
            throw SnapshotError.damaged(name: name, reason: "it has rows after row \(line) that the log does not imply")
        }
        // Same content can hide changed compressed bytes (a deflate match copying equal bytes from
        // elsewhere): writing is deterministic, so the file must be byte for byte what we write.
        try FileSystem.createDirectories(layout.state)
        let again = TemporaryPath.unique(layout.state + "/verify", suffix: ".jsonl.gz")
        defer { try? FileSystem.remove(again) }
        let headerMoment = Moment(
            asOf: moment.asOf, knownAt: try header.knownAt.map { try Timestamp.parse($0) },
            knownAtSeq: header.knownAtSeq)
        _ = try Snapshots.write(state, moment: headerMoment, to: again, scratch: layout.state, log: log)
        guard try FileSystem.contentsEqual(again, info.path) else {
            throw SnapshotError.damaged(
                name: name,
                reason: "its rows are right but its compressed bytes are not the ones Annals writes for them")
        }
        try SnapshotTrust.record(fileDigest, name: name, in: layout)
        return info
    }

    /// Makes a snapshot the live projection database and catches up from its seq.
    /// A snapshot this clone did not make or prove is first proved row by row (`verifySnapshot`):
    /// its Merkle root only ties it to this history, and its digest only to its own header.
    public func restoreSnapshot(_ name: String) throws -> CatchUp {
        let info = try snapshot(name)
        try Snapshots.checkTree(info.header, name: name, log: log)  // cheap: O(log n) with the tree
        if info.header.asOf == nil, !SnapshotTrust.isVerified(try SnapshotTrust.digest(ofFile: info.path), in: layout) {
            notice("proving \(name) against the log before restoring it (this clone did not make or verify it)")
            _ = try verifySnapshot(name)
        }
        return try Snapshots.restore(info.path, name: name, log: log)
    }

    /// The semantic diff from state `a` to state `b`. Each snapshot is inflated and hashed on its
    /// own thread while the two are compared; the result counts only once both digests check.
    public func diff(_ a: DiffOperand, _ b: DiffOperand) throws -> DiffReport {
        var temporary: [String] = []
        defer { for t in temporary { try? FileSystem.remove(t) } }
        func file(_ operand: DiffOperand) throws -> (String, String) {
            switch operand {
            case .snapshot(let name, let path):
                return (path, name)
            case .state(let moment):
                try FileSystem.createDirectories(layout.state)
                let path = TemporaryPath.unique(layout.state + "/diff", suffix: ".jsonl.gz")
                temporary.append(path)
                _ = try Snapshots.write(try reader(at: moment), moment: moment, to: path)
                return (path, operand.description)
            }
        }
        let (pathA, nameA) = try file(a)
        let (pathB, nameB) = try file(b)
        let readerA = try SnapshotBodyReader(path: pathA, name: nameA)
        let readerB = try SnapshotBodyReader(path: pathB, name: nameB)
        let diff: SnapshotDiff
        do {
            diff = try SnapshotDiff.compare(
                old: { try readerA.nextLine() }, new: { try readerB.nextLine() },
                reread: {
                    let (_, again) = try SnapshotFile.open(path: pathB, name: nameB)
                    return { try again.nextLine() }
                })
        } catch {
            // A damaged file explains a failed comparison: say so first.
            try readerA.finish()
            try readerB.finish()
            throw error
        }
        try readerA.finish()
        try readerB.finish()
        return DiffReport(diff)
    }
}
