import AnnalsCore
import Foundation
import Testing

@testable import Annals
@testable import AnnalsAdapters

/// The misbehaving server (Fixtures/hostile_server.py) on 127.0.0.1, and on ::1 when there is IPv6.
final class HostileServer {
    let process = Process()
    let port: Int
    /// 0 without IPv6.
    let port6: Int

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hostile_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line += byte
        }
        let ports = String(decoding: line, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        try #require(ports.count == 2, "the server did not start")
        port = ports[0]
        port6 = ports[1]
    }

    // SIGKILL, without waiting, as SourceServer does.
    deinit { kill(process.processIdentifier, SIGKILL) }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }
    func url6(_ path: String) -> String { "http://[::1]:\(port6)/\(path)" }
}

@Suite("Sources: hostile pages are handled, bounded and recorded as failed", .serialized)
struct HostileCaptureTests {
    /// Each misbehaving page and a part of the reason it must be reported with.
    static let hostile: [(String, String)] = [
        ("endless", "larger than the limit of 10485760 bytes (after decoding)"),
        ("bomb", "larger than the limit of 10485760 bytes (after decoding)"),
        ("status999", "invalid HTTP status 999"),
        ("ctl-type", "holds the control character 0x1B"),
        ("long-redirect", "not a URL a ledger records"),
        ("file-redirect", "only http and https are followed"),
        ("drip", "timed out after 3 s"),
    ]
    static let good = ["good", "good2", "to-good"]
    static let fetch = [
        "--allow-private", "--delay", "0", "--timeout", "3", "--max-bytes", "10485760", "--recorder", "T",
        "--format", "json",
    ]
    static let memoryCap = 200 << 20

    /// A ledger of a city's water dispute whose events cite `urls`.
    static func ledger(citing urls: [String]) throws -> TestLedger {
        let ledger = try TestLedger()
        let lines = urls.enumerated().map { n, url in
            #"{"type":"report","title":"Reservoir report \#(n)","occurred":"2025-05","claims":[{"id":"claim:reservoir","stance":"reports","statement":"The reservoir is full"}],"sources":[{"url":"\#(url)","quote":"The water board said"}]}"#
        }
        let r = try ledger.run(["append", "--file", "-", "--recorder", "T"], stdin: lines.joined(separator: "\n"))
        try #require(r.status == 0, "\(r.stderr)")
        return ledger
    }

    static func report(_ stdout: String) throws -> (captured: Set<String>, failed: [String: String]) {
        let o = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], "\(stdout)")
        let captured = (o["captured"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        var failed: [String: String] = [:]
        for f in o["failed"] as? [[String: Any]] ?? [] {
            if let url = f["url"] as? String { failed[url] = f["reason"] as? String }
        }
        return (Set(captured), failed)
    }

    @Test func misbehavingPagesFailOneByOneAndTheGoodOnesAreCaptured() throws {
        let server = try HostileServer()
        var goodURLs = Self.good.map(server.url)
        if server.port6 != 0 { goodURLs.append(server.url6("good2")) }
        let hostileURLs = Self.hostile.map { server.url($0.0) }
        let ledger = try Self.ledger(citing: hostileURLs + goodURLs)

        // Only hostile pages: each fails with its reason, memory stays bounded, the log is untouched.
        let before = try ledger.fingerprint()
        let bad = try MeasuredRun.annals(["sources", "capture"] + hostileURLs + Self.fetch, in: ledger.root)
        #expect(bad.status == 1, "\(bad.stderr)")
        #expect(bad.peakBytes < Self.memoryCap, "peak \(bad.peakBytes) bytes")
        #expect(try ledger.fingerprint() == before)
        let badReport = try Self.report(bad.stdout)
        #expect(badReport.captured.isEmpty)
        for (path, reason) in Self.hostile {
            let got = badReport.failed[server.url(path)]
            #expect(got?.contains(reason) == true, "\(path): \(got ?? "not reported")")
        }

        // All of them in one batch: the good pages are captured, the bad ones reported failed.
        let all = try MeasuredRun.annals(["sources", "capture", "--all"] + Self.fetch, in: ledger.root)
        #expect(all.status == 1, "\(all.stderr)")
        #expect(all.peakBytes < Self.memoryCap, "peak \(all.peakBytes) bytes")
        let report = try Self.report(all.stdout)
        #expect(report.captured == Set(goodURLs))
        #expect(Set(report.failed.keys) == Set(hostileURLs))
        for (path, reason) in Self.hostile {
            #expect(report.failed[server.url(path)]?.contains(reason) == true, "\(path)")
        }
        // The log only grew: every byte it held is still there, and it verifies.
        let after = try ledger.fingerprint()
        for (name, bytes) in before {
            #expect(after[name]?.prefix(bytes.count) == bytes, "\(name) changed")
        }
        #expect(try ledger.run(["verify"]).status == 0)
        let log = try ledger.run(["log", "--format", "jsonl"]).stdout
        #expect(log.components(separatedBy: #""type":"capture""#).count - 1 == goodURLs.count)
        // The redirect was followed to the good page and kept in the WARC file.
        #expect(log.contains(#""final_url":"\#(server.url("good"))""#))
    }

    @Test func ipv6LiteralURLsAreFetchedWithAllowPrivateAndRefusedWithout() throws {
        let server = try HostileServer()
        try #require(server.port6 != 0, "no IPv6 loopback on this machine")
        let url = server.url6("good")
        let ledger = try Self.ledger(citing: [url])
        let before = try ledger.fingerprint()
        let refused = try ledger.run(["sources", "capture", url, "--recorder", "T", "--delay", "0"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("[::1] resolves to ::1, not a globally reachable address"), "\(refused.stdout)")
        #expect(try ledger.fingerprint() == before)
        let r = try ledger.run(["sources", "capture", url] + Self.fetch)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
        #expect(try Self.report(r.stdout).captured == [url])
    }

    /// DNS rebinding: the name was checked and allowed as one address, and libcurl is about to
    /// connect to another. The socket callback's decision refuses it, even with --allow-private.
    @Test(arguments: [false, true])
    func theSocketCallbackRefusesAnotherAddressThanTheCheckedOne(allowPrivate: Bool) throws {
        let client = CurlClient()
        let target = try #require(client.target("http://water.example/report", base: nil))
        let request = HTTPRequest(
            target: target, address: AddressGuard.Address(bytes: [93, 184, 216, 34]), allowPrivate: allowPrivate,
            userAgent: "annals-test", maxBytes: 1 << 20, seconds: 5)
        let transfer = CurlTransfer(request: request)
        var loopback = sockaddr_in()
        loopback.sin_family = sa_family_t(AF_INET)
        loopback.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let refused = withUnsafePointer(to: &loopback) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { transfer.mayOpen($0) }
        }
        #expect(!refused)
        #expect(transfer.failure == .refusedConnect(address: "127.0.0.1", checked: "93.184.216.34"))
        var checked = loopback
        checked.sin_addr.s_addr = UInt32(0x5DB8_D822).bigEndian
        let allowed = withUnsafePointer(to: &checked) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { transfer.mayOpen($0) }
        }
        #expect(allowed)
    }

    /// The same through libcurl: the URL's host is [::1] (not pinned: a literal), the checked
    /// address another; the socket is refused and no request reaches the server.
    @Test func libcurlIsRefusedASocketToAnUncheckedAddress() throws {
        let server = try HostileServer()
        try #require(server.port6 != 0, "no IPv6 loopback on this machine")
        let client = CurlClient()
        let target = try #require(client.target(server.url6("good"), base: nil))
        let request = HTTPRequest(
            target: target, address: AddressGuard.Address(bytes: [127, 0, 0, 1]), allowPrivate: true,
            userAgent: "annals-test", maxBytes: 1 << 20, seconds: 5)
        switch client.get(request) {
        case .success(let answer): Issue.record("fetched despite the check: HTTP \(answer.status)")
        case .failure(let f): #expect(f == .refusedConnect(address: "::1", checked: "127.0.0.1"), "\(f)")
        }
        // With the address it connects to as the checked one, the page is fetched.
        var pinned = request
        pinned.address = AddressGuard.Address(bytes: IPAddressText.parse("::1")!)
        let answer = try client.get(pinned).get()
        #expect(answer.status == 200 && String(decoding: answer.body, as: UTF8.self).contains("water board"))
    }
}
