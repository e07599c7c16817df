// The snapshots fuzzer: the snapshot reader (gzip members, header line, row lines, diff keys).
// Built and run by `Tools/fuzz`. Any crash is a bug.
import AnnalsCore
import AnnalsProjection
import AnnalsStore
import AnnalsSystem

// Left behind on purpose: a folder under $TMPDIR holding one file that each input overwrites.
let scratch = ((try? FileSystem.makeTemporaryDirectory("fuzz")) ?? "/tmp") + "/input"

/// One fuzz input, read as a snapshot file and as row lines. Also replayed by FuzzRegressionTests.
public func fuzzSnapshots(_ bytes: [UInt8]) {
    _ = try? PosixFile(path: scratch, flags: [.writeOnly, .create, .truncate]).writeAll(bytes)
    // The whole checked read, as `snapshot verify` starts it.
    _ = try? SnapshotFile.checkDigest(path: scratch, name: "fuzz")
    // And line by line, as restore and diff read rows.
    if let (_, reader) = try? SnapshotFile.open(path: scratch, name: "fuzz") {
        var n = 0
        while n < 10_000, let line = try? reader.nextLine() {
            _ = try? SnapshotDiff.key(line)
            n += 1
        }
    }
    // Raw bytes as one row line.
    _ = try? SnapshotDiff.key(bytes[...])
    _ = try? SnapshotHeader(line: bytes[...])
}
