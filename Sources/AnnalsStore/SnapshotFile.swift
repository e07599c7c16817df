import AnnalsCore
import AnnalsSystem

/// `Snapshots/<name>.jsonl.gz`: names, paths, atomic writing and checked reading.
public enum SnapshotFile {
    public static let suffix = ".jsonl.gz"
    /// zlib level of every snapshot: fixed, so the same state always gives the same bytes. Level 1
    /// writes several times faster than 6 for a somewhat larger file (see BENCHMARKS.md).
    public static let level: Int32 = 1
    /// The gzip header's XFL byte zlib writes at that level (4: fastest, 2: best, else 0).
    public static let xfl: UInt8 = level == 1 ? 4 : (level == 9 ? 2 : 0)

    /// Checks a snapshot name: no paths, no hidden files, a sane length.
    public static func validate(name: String) throws(SnapshotError) {
        if name.isEmpty || name.count > 100 { throw .badName(name, reason: "it must have 1 to 100 characters") }
        if name.contains("/") { throw .badName(name, reason: "it must be a name, not a path") }
        if name.hasPrefix(".") { throw .badName(name, reason: "it must not start with '.'") }
        if !name.unicodeScalars.allSatisfy({
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "." || $0 == "-"
                || $0 == "_"
        }) {
            throw .badName(
                name,
                reason: name.contains("/")
                    ? "it must be a name, not a path" : "it has characters other than letters, digits, '.', '-', '_'")
        }
    }

    public static func path(_ layout: LedgerLayout, name: String) throws(SnapshotError) -> String {
        try validate(name: name)
        return layout.snapshots + "/" + name + suffix
    }

    /// Names of the snapshots in `Snapshots/`, sorted.
    public static func list(_ layout: LedgerLayout) -> [String] {
        var names: [String] = []
        for name in (try? FileSystem.entries(of: layout.snapshots)) ?? [] {
            guard name.hasSuffix(suffix), !name.hasPrefix(".") else { continue }
            names.append(String(name.dropLast(suffix.count)))
        }
        return names.sorted()
    }

    /// Writes a snapshot: the body goes to a temporary gzip member while its digest and row
    /// counts are computed; then the header member and the body are written to another
    /// temporary file, fsynced and renamed into place. A crash leaves no partial snapshot.
    /// Temporary files go to `scratch` (default: next to `path`), on the same file system, so
    /// that a killed run leaves its litter there (`.annals/` for a ledger), never in `Snapshots/`.
    public static func write(
        to path: String, scratch: String? = nil, level: Int32,
        makeHeader: ([String: Int64], String, Int64) -> SnapshotHeader,
        body: ((ArraySlice<UInt8>, String) throws -> Void) throws -> Void
    ) throws -> (header: SnapshotHeader, bytes: Int, uncompressed: Int) {
        let dir = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        let base = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let bodyPath = TemporaryPath.unique((scratch ?? dir) + "/.\(base).body")
        let finalTmp = TemporaryPath.unique((scratch ?? dir) + "/.\(base).tmp")
        defer {
            try? FileSystem.remove(bodyPath)
            try? FileSystem.remove(finalTmp)
        }
        let written = try writeBody(to: bodyPath, level: level, body)
        let header = makeHeader(written.rows, written.digest, Int64(written.bytesIn))
        let (size, headerBytes) = try writeHeader(header, thenBodyAt: bodyPath, to: finalTmp, level: level)
        try FileSystem.replace(path, withTemporary: finalTmp, synced: true)
        return (header, size, headerBytes + written.bytesIn)
    }

    /// Writes the body lines `body` produces as one gzip member at `path`, and returns their
    /// digest, rows per table and uncompressed size. Lines are gathered into chunks of at least
    /// 256 KiB; a second thread hashes and deflates each chunk while the next one is made.
    private static func writeBody(
        to path: String, level: Int32, _ body: ((ArraySlice<UInt8>, String) throws -> Void) throws -> Void
    ) throws -> (digest: String, rows: [String: Int64], bytesIn: Int) {
        let chunkSize = 1 << 18
        let bodyWriter = try GzipBackgroundWriter(path: path, level: level, chunkCapacity: chunkSize + (1 << 16))
        var chunk = bodyWriter.emptyChunk()
        var counts: [(table: String, rows: Int64)] = []
        try body { line, table in
            chunk.append(contentsOf: line)
            chunk.append(0x0A)
            if counts.last?.table == table { counts[counts.count - 1].rows += 1 } else { counts.append((table, 1)) }
            if chunk.count >= chunkSize {
                try bodyWriter.write(chunk)
                chunk = bodyWriter.emptyChunk()
            }
        }
        try bodyWriter.write(chunk)
        let (digest, bytesIn) = try bodyWriter.finish()
        var rows: [String: Int64] = [:]
        for (table, n) in counts { rows[table, default: 0] += n }
        return (digest, rows, bytesIn)
    }

    /// Writes the header as a gzip member to `path`, appends the body member's bytes as they
    /// are, and fsyncs; returns the file's size and the header's uncompressed size.
    private static func writeHeader(
        _ header: SnapshotHeader, thenBodyAt bodyPath: String, to path: String, level: Int32
    ) throws -> (size: Int, headerBytes: Int) {
        let headerWriter = try GzipWriter(path: path, level: level)
        try headerWriter.write(CanonicalJSON.encode(header.json) + [0x0A])
        try headerWriter.finish()
        // Append the body member's bytes as they are.
        let out = try PosixFile(path: path, flags: [.writeOnly, .append])
        try FileSystem.append(contentsOf: bodyPath, to: out)
        try out.sync()
        return (try out.size(), headerWriter.bytesIn)
    }

    /// Opens a snapshot for reading: the header, then body lines through `nextLine()`.
    public static func open(path: String, name: String) throws -> (SnapshotHeader, GzipLineReader) {
        let reader = try GzipLineReader(path: path)
        let first: ArraySlice<UInt8>?
        do { first = try reader.nextLine() } catch { throw SnapshotError.damaged(name: name, reason: "\(error)") }
        guard let first else { throw SnapshotError.notASnapshot(reason: "\(path) is empty") }
        return (try SnapshotHeader(line: first), reader)
    }

    /// Reads the whole body, checking its digest and row counts against the header.
    public static func checkDigest(path: String, name: String) throws -> SnapshotHeader {
        let blocks = try GzipBlockReader(path: path)
        var header: SnapshotHeader?
        var digest = SnapshotBodyDigest()
        while true {
            let next: [UInt8]?
            do { next = try blocks.next() } catch { throw SnapshotError.damaged(name: name, reason: "\(error)") }
            guard let block = next else { break }
            guard header == nil else {
                digest.update(block[...])
                continue
            }
            // The first line is the header; the body is everything after it.
            let end = block.firstIndex(of: 0x0A) ?? block.count
            header = try SnapshotHeader(line: block[..<end])
            digest.update(block[min(end + 1, block.count)...])
        }
        guard let header else { throw SnapshotError.notASnapshot(reason: "\(path) is empty") }
        try check(header, against: digest.finish(), memberStarts: blocks.memberStarts, path: path, name: name)
        return header
    }

    /// Checks a body's digest, rows and size against its header, and that every gzip member
    /// starts with the fixed header Annals writes.
    static func check(
        _ header: SnapshotHeader, against body: SnapshotBodyDigest.Summary, memberStarts: [Int], path: String,
        name: String
    ) throws {
        // zlib checks each member's data and CRC, but not its header: require the fixed header
        // Annals writes (no flags, no name, mtime 0, this level's XFL, Unix), so no byte goes unchecked.
        let file = try PosixFile(path: path, flags: .readOnly)
        for start in memberStarts {
            let h = try file.read(at: start, count: 10)
            guard h.count == 10, h[0...7] == [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0], h[8] == SnapshotFile.xfl, h[9] == 0x03
            else {
                throw SnapshotError.damaged(
                    name: name, reason: "the gzip header at byte \(start) is not the fixed one Annals writes")
            }
        }
        guard body.digest == header.digest else {
            throw SnapshotError.damaged(
                name: name,
                reason:
                    "its content hashes to \(body.digest.prefix(12))…, the header says \(header.digest.prefix(12))… "
                    + "(it was edited or corrupted)"
            )
        }
        guard body.lines == header.rows.values.reduce(0, +), body.bytes == header.bytes else {
            throw SnapshotError.damaged(
                name: name,
                reason:
                    "it has \(body.lines) rows and \(body.bytes) bytes, the header says "
                    + "\(header.rows.values.reduce(0, +)) and \(header.bytes)"
            )
        }
    }
}
