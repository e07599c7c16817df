/// Rows for `COPY … FROM STDIN` in PostgreSQL's text format: tab between columns, newline
/// after each row, `\N` for NULL, and backslash, tab, newline and carriage return escaped.
public struct PostgresCopyWriter {
    /// Bytes sent to the server at a time.
    static let chunk = 1 << 20
    var buffer: [UInt8] = []
    let connection: PostgresConnection

    init(_ connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// Appends one row, sending the buffer to the server whenever it is full.
    public mutating func row(_ values: [String?]) throws(PostgresError) {
        for (i, value) in values.enumerated() {
            if i > 0 { buffer.append(0x09) }
            guard let value else {
                buffer.append(contentsOf: [0x5C, 0x4E])
                continue
            }
            var text = value
            text.withUTF8 { bytes in
                for b in bytes {
                    switch b {
                    case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
                    case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
                    case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
                    case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
                    default: buffer.append(b)
                    }
                }
            }
        }
        buffer.append(0x0A)
        if buffer.count >= Self.chunk { try connection.send(&self, force: false) }
    }
}
