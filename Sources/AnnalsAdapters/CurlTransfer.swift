import AnnalsCore
import CLibCurl
import Foundation

/// One exchange's state, handed to libcurl's callbacks: the checked address, the head as it is
/// checked, the body up to its byte limit, the request as sent, and why the transfer was stopped.
final class CurlTransfer {
    let request: HTTPRequest
    var head = ResponseHead()
    var body: [UInt8] = []
    var sent: [UInt8] = []
    var failure: PageFetcher.Failure?
    /// The head of a redirect was read; the transfer was stopped there on purpose.
    var redirected = false
    var headDone = false
    private var trailerBytes = 0

    init(request: HTTPRequest) { self.request = request }

    /// Whether a socket to `address` may be opened (see ``AddressRegistry/mayConnect(to:checked:allowPrivate:)``);
    /// records the refusal.
    func mayOpen(_ address: UnsafePointer<sockaddr>) -> Bool {
        let bytes = AddressGuard.addressBytes(address) ?? []
        let ok = AddressRegistry.mayConnect(
            to: bytes, checked: request.address.bytes, allowPrivate: request.allowPrivate)
        if !ok {
            let text = bytes.isEmpty ? "an address of another family" : IPAddressText.format(bytes)
            failure = .refusedConnect(address: text, checked: request.address.text)
        }
        return ok
    }

    /// One header line; false stops the transfer (a bad head, or a redirect's head complete).
    func header(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if headDone {
            // Trailers after a chunked body: bounded like the head, otherwise ignored.
            trailerBytes += line.count
            if trailerBytes > ResponseHead.maxBytes { failure = .badHeader("the trailers are too large") }
            return trailerBytes <= ResponseHead.maxBytes
        }
        switch head.take(line) {
        case .more: return true
        case .failed(let f):
            failure = f
            return false
        case .done:
            headDone = true
            if HTTPAnswer.redirectStatuses.contains(head.status), head.value("location") != nil {
                redirected = true
                return false
            }
            return true
        }
    }

    /// Body bytes as decoded; false stops the transfer past the byte limit.
    func write(_ data: UnsafeBufferPointer<UInt8>) -> Bool {
        guard body.count + data.count <= request.maxBytes else {
            failure = .tooLarge(limit: request.maxBytes)
            return false
        }
        body.append(contentsOf: data)
        return true
    }

    /// The request head as libcurl sent it (kept up to 16 KiB).
    func requestSent(_ data: UnsafeBufferPointer<UInt8>) {
        sent.append(contentsOf: data.prefix(max(0, (16 << 10) - sent.count)))
    }

    var answer: HTTPAnswer {
        HTTPAnswer(
            status: head.status, headers: head.headers, body: body, request: sent,
            location: redirected ? head.value("location") : nil)
    }
}

/// libcurl's callbacks, as C functions: each finds its ``CurlTransfer`` through the user pointer.
enum CurlCallbacks {
    static func transfer(_ p: UnsafeMutableRawPointer?) -> CurlTransfer {
        Unmanaged<CurlTransfer>.fromOpaque(p!).takeUnretainedValue()
    }

    static let write: curl_write_callback = { data, size, count, user in
        let n = size * count
        let buffer = UnsafeBufferPointer(start: UnsafeRawPointer(data)?.assumingMemoryBound(to: UInt8.self), count: n)
        return CurlCallbacks.transfer(user).write(buffer) ? n : 0
    }

    static let header: curl_write_callback = { data, size, count, user in
        let n = size * count
        let buffer = UnsafeBufferPointer(start: UnsafeRawPointer(data)?.assumingMemoryBound(to: UInt8.self), count: n)
        return CurlCallbacks.transfer(user).header(buffer) ? n : 0
    }

    static let openSocket: curl_opensocket_callback = { user, purpose, address in
        guard let address, CurlCallbacks.transfer(user).mayOpen(&address.pointee.addr) else {
            return CURL_SOCKET_BAD
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    static let debug: curl_debug_callback = { _, kind, data, size, user in
        if kind == CURLINFO_HEADER_OUT {
            let buffer = UnsafeBufferPointer(
                start: UnsafeRawPointer(data)?.assumingMemoryBound(to: UInt8.self), count: size)
            CurlCallbacks.transfer(user).requestSent(buffer)
        }
        return 0
    }
}
