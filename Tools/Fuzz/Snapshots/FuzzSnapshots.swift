// The snapshots fuzzer: the snapshot reader (gzip members, header line, row lines, diff keys).
// Built and run by `Tools/fuzz`. Any crash is a bug.
import AnnalsCore
import AnnalsProjection
import AnnalsStore

#if canImport(Glibc)
    import Glibc
#endif

let scratch: String = {
    var template = Array("/tmp/annals-fuzz-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    close(fd)
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}()

/// One fuzz input, read as a snapshot file and as row lines. Also replayed by FuzzRegressionTests.
public func fuzzSnapshots(_ bytes: [UInt8]) {
    let fd = open(scratch, O_WRONLY | O_TRUNC)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
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
