import AnnalsCore
import AnnalsSystem

/// Writes WARC 1.1 files: a `warcinfo` record, then request and response records, each record
/// its own gzip member (so any record can be read without the others), each block and payload
/// with a SHA-256 digest (`sha256:` + base32, as WARC recommends for digests).
public final class WARCWriter {
    public let path: String
    private let file: PosixFile

    /// Creates `path` (which must not exist) and writes its `warcinfo` record.
    public init(path: String, software: String, date: String) throws {
        self.path = path
        file = try PosixFile(path: path, flags: [.writeOnly, .create, .exclusive])
        let info = Array("software: \(software)\r\nformat: WARC File Format 1.1\r\n".utf8)
        _ = try write(
            type: "warcinfo", date: date, extra: [("WARC-Filename", Self.fileName(path))],
            contentType: "application/warc-fields", block: info, payloadOffset: nil)
    }

    /// The response record's id, and the request record's.
    public struct Written: Sendable {
        public var responseID: String
        public var requestID: String
    }

    /// Writes one exchange: the request as sent, the response head and its body.
    public func write(
        targetURI: String, date: String, ip: String?, request: [UInt8], responseHead: [UInt8], body: [UInt8]
    ) throws -> Written {
        var common = [("WARC-Target-URI", targetURI)]
        if let ip { common.append(("WARC-IP-Address", ip)) }
        let responseID = try write(
            type: "response", date: date, extra: common, contentType: "application/http;msgtype=response",
            block: responseHead + body, payloadOffset: responseHead.count)
        let requestID = try write(
            type: "request", date: date, extra: common + [("WARC-Concurrent-To", responseID)],
            contentType: "application/http;msgtype=request", block: request, payloadOffset: nil)
        return Written(responseID: responseID, requestID: requestID)
    }

    /// Makes the file durable.
    public func finish() throws { try file.sync() }

    private func write(
        type: String, date: String, extra: [(String, String)], contentType: String, block: [UInt8],
        payloadOffset: Int?
    ) throws -> String {
        let id = "<urn:uuid:\(Self.uuid())>"
        var head = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: \(id)\r\nWARC-Date: \(date)\r\n"
        for (k, v) in extra { head += "\(k): \(v)\r\n" }
        head += "Content-Type: \(contentType)\r\n"
        head += "WARC-Block-Digest: sha256:\(Base32.encode(Digest.sha256(block)))\r\n"
        if let payloadOffset {
            head += "WARC-Payload-Digest: sha256:\(Base32.encode(Digest.sha256(block[payloadOffset...])))\r\n"
        }
        head += "Content-Length: \(block.count)\r\n\r\n"
        let record = Array(head.utf8) + block + Array("\r\n\r\n".utf8)
        try file.writeAll(try GzipMember.compress(record))
        return id
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// A random (version 4) UUID.
    public static func uuid() -> String {
        var g = SystemRandomNumberGenerator()
        var b = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        let h = Digest.hex(b)
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20])
            + "-" + String(c[20..<32])
    }
}

/// RFC 4648 base32 (upper case, padded), the usual spelling of WARC digests.
public enum Base32 {
    public static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var out: [UInt8] = []
        var buffer: UInt64 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt64(b)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt64(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt64(5 - bits)) & 31)]) }
        while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }
}
