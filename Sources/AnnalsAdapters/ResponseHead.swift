import AnnalsCore

/// A response head as it arrives line by line, checked as it comes: a status line with a
/// three-digit code, then `name: value` lines whose names are tokens and whose values hold no
/// control character (tab excepted), in all at most ``maxBytes`` bytes and ``maxLines`` lines.
/// Interim (1xx) answers are dropped; a folded line continues the previous value.
struct ResponseHead {
    static let maxBytes = 64 << 10
    static let maxLines = 256

    enum Step: Equatable {
        /// Keep reading.
        case more
        /// The head of the final answer is complete.
        case done
        case failed(PageFetcher.Failure)
    }

    private(set) var status = 0
    private(set) var headers: [(String, String)] = []
    private var bytes = 0
    private var lines = 0

    /// The value of the first header named `name` (any case).
    func value(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name }?.1
    }

    /// Takes one line, with or without its CRLF.
    mutating func take(_ raw: UnsafeBufferPointer<UInt8>) -> Step {
        bytes += raw.count
        lines += 1
        guard bytes <= Self.maxBytes, lines <= Self.maxLines else {
            return .failed(.badHeader("the response head is larger than \(Self.maxBytes / 1024) KiB"))
        }
        var line = Array(raw)[...]
        if line.last == 0x0A { line = line.dropLast() }
        if line.last == 0x0D { line = line.dropLast() }
        if line.isEmpty { return endOfHead() }
        if line.starts(with: Array("HTTP/".utf8)) { return statusLine(line) }
        guard status != 0 else { return .failed(.badHeader("no status line")) }
        if let bad = line.first(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
            let name = line.prefix { $0 != UInt8(ascii: ":") }
            return .failed(
                .badHeader(
                    "the header \(UserText.quoted(String(decoding: name.prefix(64), as: UTF8.self))) holds "
                        + "the control character 0x\(String(bad, radix: 16, uppercase: true))"))
        }
        if line.first == 0x20 || line.first == 0x09, !headers.isEmpty {
            headers[headers.count - 1].1 += " " + Self.text(line.drop { $0 == 0x20 || $0 == 0x09 })
            return .more
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
            line[..<colon].allSatisfy(Self.isTokenByte)
        else {
            return .failed(.badHeader("a header line is not name: value"))
        }
        let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
        headers.append((Self.text(line[..<colon]), Self.text(value).trimmingTrailingBlanks()))
        return .more
    }

    private mutating func statusLine(_ line: ArraySlice<UInt8>) -> Step {
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[1].count == 3, parts[1].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let code = Int(Self.text(parts[1]))
        else { return .failed(.badHeader("the status line is not HTTP/x nnn")) }
        if let bad = line.first(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) {
            return .failed(.badHeader("the status line holds the control character 0x\(String(bad, radix: 16))"))
        }
        status = code
        headers = []
        return .more
    }

    private mutating func endOfHead() -> Step {
        guard status != 0 else { return .failed(.badHeader("no status line")) }
        if (100...199).contains(status) { return .more }
        guard (200...599).contains(status) else { return .failed(.badStatus(status)) }
        return .done
    }

    static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || Array("!#$%&'*+-.^_`|~".utf8).contains(b)
    }

    /// Bytes as text: UTF-8 where they are, each other byte as the Latin-1 character it is.
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

extension String {
    fileprivate func trimmingTrailingBlanks() -> String {
        var s = Substring(self)
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
