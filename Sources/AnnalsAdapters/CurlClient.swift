import AnnalsCore
import CLibCurl

/// The HTTP client on the system libcurl, which FoundationNetworking's URLSession runs on too;
/// used directly because it exposes what a hostile page needs: the socket it is about to open
/// (checked against the address the guard allowed, and pinned to it), the decoded body bytes as
/// they come (counted and cut off past the limit, gzip bombs included), a total deadline, the
/// protocols allowed (http and https only), and each header line (checked before it is kept).
/// Every libcurl call of Annals is in this type and ``CurlTransfer``'s callbacks.
struct CurlClient: HTTPClient {
    /// libcurl's process-wide set-up, done once.
    private static let ready: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    init() { _ = Self.ready }

    func target(_ reference: String, base: String?) -> HTTPTarget? {
        guard let u = curl_url() else { return nil }
        defer { curl_url_cleanup(u) }
        if let base, curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK { return nil }
        guard curl_url_set(u, CURLUPART_URL, reference, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK,
            let url = part(u, CURLUPART_URL, 0), let scheme = part(u, CURLUPART_SCHEME, 0)
        else { return nil }
        // A URL of another scheme may have no host or port: it is returned, to be refused by its scheme.
        let host = part(u, CURLUPART_HOST, 0) ?? ""
        let port = part(u, CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)).flatMap { Int($0) } ?? 0
        return HTTPTarget(url: url, scheme: scheme.lowercased(), host: host, port: port)
    }

    private func part(_ u: OpaquePointer, _ which: CURLUPart, _ flags: UInt32) -> String? {
        var out: UnsafeMutablePointer<CChar>?
        guard curl_url_get(u, which, &out, flags) == CURLUE_OK, let out else { return nil }
        defer { curl_free(out) }
        return String(cString: out)
    }

    func get(_ request: HTTPRequest) -> Result<HTTPAnswer, PageFetcher.Failure> {
        guard request.seconds > 0 else { return .failure(.timeout(seconds: request.seconds)) }
        guard let h = curl_easy_init() else { return .failure(.network("cannot start an HTTP transfer")) }
        defer { curl_easy_cleanup(h) }
        let transfer = CurlTransfer(request: request)
        let user = Unmanaged.passUnretained(transfer).toOpaque()
        var errors = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = withExtendedLifetime(transfer) {
            // The name is pinned to the checked address, so libcurl does not resolve it again.
            let bare = request.target.host.hasPrefix("[") ? nil : request.target.host
            let pin = bare.map { "\($0):\(request.target.port):\(Self.bracketed(request.address))" }
            let resolve: UnsafeMutablePointer<curl_slist>? = pin.flatMap { curl_slist_append(nil, $0) }
            defer { curl_slist_free_all(resolve) }
            let headers = curl_slist_append(nil, "Accept: */*")
            defer { curl_slist_free_all(headers) }
            return errors.withUnsafeMutableBufferPointer { buffer in
                configure(h, request, user: user, errors: buffer.baseAddress!)
                if let resolve { annals_curl_set_slist(h, CURLOPT_RESOLVE, resolve) }
                annals_curl_set_slist(h, CURLOPT_HTTPHEADER, headers)
                return curl_easy_perform(h)
            }
        }
        if transfer.redirected || code == CURLE_OK { return .success(transfer.answer) }
        if let failure = transfer.failure { return .failure(failure) }
        return .failure(Self.failure(code, detail: Self.text(errors), seconds: request.seconds))
    }

    /// Every option of one transfer.
    private func configure(
        _ h: UnsafeMutableRawPointer, _ r: HTTPRequest, user: UnsafeMutableRawPointer,
        errors: UnsafeMutablePointer<CChar>
    ) {
        annals_curl_set_string(h, CURLOPT_URL, r.target.url)
        annals_curl_set_string(h, CURLOPT_PROTOCOLS_STR, "http,https")
        annals_curl_set_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        annals_curl_set_long(h, CURLOPT_FOLLOWLOCATION, 0)
        // No proxy, whatever the environment says: the connection must go to the checked address.
        annals_curl_set_string(h, CURLOPT_PROXY, "")
        annals_curl_set_long(h, CURLOPT_NOSIGNAL, 1)
        let ms = max(1, Int(r.seconds * 1000))
        annals_curl_set_long(h, CURLOPT_TIMEOUT_MS, ms)
        annals_curl_set_long(h, CURLOPT_CONNECTTIMEOUT_MS, ms)
        annals_curl_set_string(h, CURLOPT_USERAGENT, r.userAgent)
        // Every encoding libcurl decodes; the write callback counts the bytes after decoding.
        annals_curl_set_string(h, CURLOPT_ACCEPT_ENCODING, "")
        annals_curl_set_long(h, CURLOPT_MAXREDIRS, 0)
        annals_curl_set_write(h, CURLOPT_WRITEFUNCTION, CurlCallbacks.write)
        annals_curl_set_pointer(h, CURLOPT_WRITEDATA, user)
        annals_curl_set_write(h, CURLOPT_HEADERFUNCTION, CurlCallbacks.header)
        annals_curl_set_pointer(h, CURLOPT_HEADERDATA, user)
        annals_curl_set_opensocket(h, CurlCallbacks.openSocket)
        annals_curl_set_pointer(h, CURLOPT_OPENSOCKETDATA, user)
        // The debug callback is how libcurl hands over the request head as sent (for the WARC file).
        annals_curl_set_long(h, CURLOPT_VERBOSE, 1)
        annals_curl_set_debug(h, CurlCallbacks.debug)
        annals_curl_set_pointer(h, CURLOPT_DEBUGDATA, user)
        annals_curl_set_pointer(h, CURLOPT_ERRORBUFFER, errors)
    }

    /// A NUL-terminated C buffer as text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func bracketed(_ a: AddressGuard.Address) -> String {
        a.bytes.count == 16 ? "[\(a.text)]" : a.text
    }

    static func failure(_ code: CURLcode, detail: String, seconds: Double) -> PageFetcher.Failure {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout(seconds: seconds)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: return .badURL
        default:
            let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .network(UserText.escaped(text, limit: 300))
        }
    }
}
