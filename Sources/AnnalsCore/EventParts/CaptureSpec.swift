/// `capture` events: a cited page was fetched, when, with what answer, and where its bytes are kept.
///
/// The event's sources must cite `url`; the WARC file holds the request and response records.
public struct CaptureSpec: EventPart {
    /// The URL as the ledger's sources cite it.
    public var url: String
    /// The URL the answer came from, after redirects.
    public var finalURL: String
    /// When the answer was received (UTC).
    public var fetched: Timestamp
    /// The HTTP status of the final answer.
    public var status: Int64
    public var contentType: String?
    /// The body's length in bytes.
    public var length: Int64
    /// SHA-256 of the body, 64 lowercase hex digits.
    public var sha256: String
    /// The WARC file in the ledger's archive folder (a plain file name).
    public var warcFile: String
    /// The response record's `WARC-Record-ID`, `<urn:uuid:…>`.
    public var warcRecordID: String
    /// An outside archive's copy of the page (Wayback Machine, archive.today), if the user gave one.
    public var archiveURL: String?
    /// Where each quote of the cited URL was found in the page's text.
    public var selectors: [TextQuoteSelector]

    public init(
        url: String, finalURL: String, fetched: Timestamp, status: Int64, contentType: String?, length: Int64,
        sha256: String, warcFile: String, warcRecordID: String, archiveURL: String?, selectors: [TextQuoteSelector]
    ) {
        self.url = url
        self.finalURL = finalURL
        self.fetched = fetched
        self.status = status
        self.contentType = contentType
        self.length = length
        self.sha256 = sha256
        self.warcFile = warcFile
        self.warcRecordID = warcRecordID
        self.archiveURL = archiveURL
        self.selectors = selectors
    }

    static func decode(_ f: inout FieldReader, in type: EventType) throws(ValidationError) -> CaptureSpec {
        let archiveURL = try url(&f, "archive_url", required: false)
        let contentType = try f.optionalText("content_type", limit: Limits.nameCharacters, multiline: false)
        let fetchedText = try f.requiredString("fetched")
        let fetched: Timestamp
        do {
            fetched = try Timestamp.parse(fetchedText)
        } catch {
            throw ValidationError(
                field: f.path("fetched"), value: fetchedText, problem: error.message,
                fix: "write the UTC time of the fetch as YYYY-MM-DDTHH:MM:SSZ")
        }
        guard fetched.description == fetchedText else {
            throw ValidationError(
                field: f.path("fetched"), value: fetchedText, problem: "not a UTC timestamp to the second",
                fix: "write YYYY-MM-DDTHH:MM:SSZ, e.g. 2026-01-31T09:30:00Z")
        }
        let finalURL = try url(&f, "final_url", required: true)!
        let length = try f.requiredInteger("length", in: 0...Int64(Int32.max))
        let selectors = try f.optionalParts("selectors", TextQuoteSelector.self, limit: Limits.sources, in: type)
        let sha256 = try f.requiredString("sha256")
        if sha256.utf8.count != 64
            || !sha256.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        {
            throw ValidationError(
                field: f.path("sha256"), value: sha256, problem: "not a SHA-256 digest",
                fix: "give the body's SHA-256 as 64 lowercase hexadecimal digits")
        }
        let status = try f.requiredInteger("status", in: 100...599)
        let url = try url(&f, "url", required: true)!
        let warcFile = try f.requiredString("warc_file")
        if !isWARCFileName(warcFile) {
            throw ValidationError(
                field: f.path("warc_file"), value: warcFile,
                problem: "not a WARC file name in the archive folder",
                fix: "give a plain file name of letters, digits, '.', '-' and '_' ending in .warc.gz (no folders)")
        }
        let recordID = try f.requiredString("warc_record_id")
        if !isRecordID(recordID) {
            throw ValidationError(
                field: f.path("warc_record_id"), value: recordID, problem: "not a WARC-Record-ID",
                fix: "give the response record's id as <urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx>")
        }
        return CaptureSpec(
            url: url, finalURL: finalURL, fetched: fetched, status: status, contentType: contentType, length: length,
            sha256: sha256, warcFile: warcFile, warcRecordID: recordID, archiveURL: archiveURL, selectors: selectors)
    }

    private static func url(_ f: inout FieldReader, _ key: StaticString, required: Bool) throws(ValidationError)
        -> String?
    {
        let value = required ? try f.requiredString(key) : try f.optionalString(key)
        if let value, !Source.isAcceptable(url: value) {
            throw ValidationError(
                field: f.path(key), value: value,
                problem: "not an http(s) URL without spaces (at most \(Limits.urlBytes) bytes)",
                fix: "give the full address, e.g. https://example.org/article")
        }
        return value
    }

    /// A plain file name ending in `.warc.gz`, at most 200 bytes, of letters, digits, `.`, `-`, `_`.
    public static func isWARCFileName(_ s: String) -> Bool {
        s.utf8.count <= 200 && s.hasSuffix(".warc.gz") && !s.hasPrefix(".")
            && s.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E
                    || b == 0x2D || b == 0x5F
            }
    }

    /// `<urn:uuid:` + 36 characters of a UUID + `>`.
    static func isRecordID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 47, s.hasPrefix("<urn:uuid:"), b[46] == UInt8(ascii: ">") else { return false }
        for (i, c) in b[10..<46].enumerated() {
            let dash = [8, 13, 18, 23].contains(i)
            let hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
            if dash ? c != UInt8(ascii: "-") : !hex { return false }
        }
        return true
    }

    public var json: JSONValue {
        var o: JSONObject = [
            "url": .string(url), "final_url": .string(finalURL), "fetched": .string(fetched.description),
            "status": .integer(status), "length": .integer(length), "sha256": .string(sha256),
            "warc_file": .string(warcFile), "warc_record_id": .string(warcRecordID),
        ]
        if let contentType { o["content_type"] = .string(contentType) }
        if let archiveURL { o["archive_url"] = .string(archiveURL) }
        if !selectors.isEmpty { o["selectors"] = selectors.json }
        return .object(o)
    }

    func write(into w: inout CanonicalWriter) {
        w.beginObject()
        w.field("archive_url", archiveURL)
        w.field("content_type", contentType)
        w.field("fetched", fetched.description)
        w.field("final_url", finalURL)
        w.key("length")
        w.integer(length)
        if !selectors.isEmpty {
            w.key("selectors")
            selectors.write(into: &w)
        }
        w.field("sha256", sha256)
        w.key("status")
        w.integer(status)
        w.field("url", url)
        w.field("warc_file", warcFile)
        w.field("warc_record_id", warcRecordID)
        w.endObject()
    }
}

extension Event {
    /// A capture must cite the page it captured.
    func checkCaptureSource() throws(ValidationError) {
        guard let capture, !sources.contains(where: { $0.url == capture.url }) else { return }
        throw ValidationError(
            field: "capture.url", value: capture.url, problem: "no source of the capture event cites this URL",
            fix: "add {\"url\": \"\(capture.url)\"} to 'sources', or capture a URL the event cites")
    }
}
