/// Reads the response records of a WARC file written by ``WARCWriter`` (gzip members, one per
/// record): each record's id, target URI and HTTP payload (the body after the response head).
public enum WARCReader {
    public struct Response: Sendable {
        public var id: String
        public var targetURI: String?
        public var payload: [UInt8]
    }

    /// Every response record of the file at `path`, by record id.
    public static func responses(path: String) throws -> [String: Response] {
        let blocks = try GzipBlockReader(path: path)
        var data: [UInt8] = []
        while let b = try blocks.next() { data += b }
        var out: [String: Response] = [:]
        var i = 0
        let crlf2: [UInt8] = [13, 10, 13, 10]
        while i < data.count {
            guard let headEnd = find(crlf2, in: data, from: i) else { break }
            let head = String(decoding: data[i..<headEnd], as: UTF8.self)
            var fields: [String: String] = [:]
            for line in head.split(separator: "\r\n").dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                fields[line[..<colon].lowercased()] = String(value)
            }
            guard let length = fields["content-length"].flatMap({ Int($0) }), headEnd + 4 + length <= data.count
            else { throw WARCError.malformed(path: path) }
            let block = Array(data[(headEnd + 4)..<(headEnd + 4 + length)])
            if fields["warc-type"] == "response", let id = fields["warc-record-id"] {
                let payload = find(crlf2, in: block, from: 0).map { Array(block[($0 + 4)...]) } ?? []
                out[id] = Response(id: id, targetURI: fields["warc-target-uri"], payload: payload)
            }
            i = headEnd + 4 + length + 4
        }
        return out
    }

    static func find(_ needle: [UInt8], in data: [UInt8], from: Int) -> Int? {
        guard data.count >= needle.count, from <= data.count - needle.count else { return nil }
        var k = from
        while k <= data.count - needle.count {
            if data[k] == needle[0], data[k + 1] == needle[1], data[k + 2] == needle[2], data[k + 3] == needle[3] {
                return k
            }
            k += 1
        }
        return nil
    }
}

/// A WARC file that cannot be read.
public enum WARCError: Error, CustomStringConvertible {
    case malformed(path: String)
    public var description: String { "\(ledgerPathless) is not a WARC file Annals can read" }
    private var ledgerPathless: String {
        switch self {
        case .malformed(let path): path
        }
    }
}
