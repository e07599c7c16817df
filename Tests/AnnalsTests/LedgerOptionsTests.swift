import Annals
import AnnalsCore
import Foundation
import Testing

/// `Ledger.Options`: what the CLI reads from the environment, and what a ledger does with it.
@Suite("Ledger.Options")
struct LedgerOptionsTests {
    struct Case: Sendable, CustomStringConvertible {
        var environment: [String: String]
        var segmentBytes: Int?
        var lockTimeout: Double?
        var flushBytes: Int?
        var recorder: String?
        var ledgerPath: String?
        var importLimitBytes: Int?
        var description: String { environment.keys.sorted().joined(separator: ",") }
    }

    static let cases: [Case] = [
        Case(environment: [:]),
        Case(
            environment: [
                "ANNALS_SEGMENT_BYTES": "4096", "ANNALS_LOCK_TIMEOUT": "2.5", "ANNALS_FLUSH_BYTES": "512",
                "ANNALS_RECORDER": "Water Desk", "ANNALS_LEDGER": "/srv/water", "ANNALS_IMPORT_LIMIT_BYTES": "2048",
            ],
            segmentBytes: 4096, lockTimeout: 2.5, flushBytes: 512, recorder: "Water Desk", ledgerPath: "/srv/water",
            importLimitBytes: 2048),
        // Empty and out-of-range values are left at their defaults, as before.
        Case(environment: ["ANNALS_RECORDER": "", "ANNALS_LEDGER": "", "ANNALS_FLUSH_BYTES": "0"]),
        Case(environment: ["ANNALS_SEGMENT_BYTES": "-1", "ANNALS_LOCK_TIMEOUT": "-3", "ANNALS_FLUSH_BYTES": "x"]),
        Case(environment: ["ANNALS_LOCK_TIMEOUT": "0", "UNRELATED": "1"], lockTimeout: 0),
    ]

    @Test("the settings an environment names", arguments: cases)
    func fromEnvironment(_ c: Case) {
        let options = Ledger.Options(environment: c.environment)
        #expect(options.segmentBytes == c.segmentBytes)
        #expect(options.lockTimeout == c.lockTimeout)
        #expect(options.flushBytes == c.flushBytes)
        #expect(options.recorder == c.recorder)
        #expect(options.ledgerPath == c.ledgerPath)
        #expect(options.importLimitBytes == c.importLimitBytes)
        #expect(options.recorderFromGit() == nil)
    }

    static let refused: [(name: String, value: String)] = [
        ("ANNALS_LOCK_TIMEOUT", "abc"), ("ANNALS_LOCK_TIMEOUT", "-1"), ("ANNALS_LOCK_TIMEOUT", "inf"),
        ("ANNALS_SEGMENT_BYTES", "0"), ("ANNALS_SEGMENT_BYTES", "8MB"),
    ]

    @Test("checked: a lock timeout or segment size out of range is a usage error naming it", arguments: refused)
    func checked(name: String, value: String) {
        #expect {
            _ = try Ledger.Options.checked(environment: [name: value])
        } throws: { error in
            guard let error = error as? EnvironmentError else { return false }
            return error.name == name && error.value == value && error.status == .usage
                && error.description.hasPrefix("\(name)=") && error.description.contains(". Fix: set it to e.g. ")
        }
    }

    @Test("checked accepts what the lenient reading keeps", arguments: cases.prefix(2))
    func checkedAccepts(_ c: Case) throws {
        let options = try Ledger.Options.checked(environment: c.environment)
        #expect(options.segmentBytes == c.segmentBytes)
        #expect(options.lockTimeout == c.lockTimeout)
    }

    /// Who records an append that names no recorder: the options' recorder, then git's name.
    static let recorders: [(option: String?, git: String?, expected: String?)] = [
        ("Water Desk", "Git Name", "Water Desk"), (nil, "Git Name", "Git Name"), (nil, nil, nil), ("", "", nil),
    ]

    @Test("the recorder comes from the options, then the injected git lookup", arguments: recorders)
    func recorder(option: String?, git: String?, expected: String?) throws {
        let folder = try WaterLedger()
        let options = Ledger.Options(recorder: option, recorderFromGit: { git })
        let configured = Ledger(layout: folder.ledger.layout, options: options)
        let notices = NoticeLog()
        configured.notice = { notices.add($0) }
        let line = Array(WaterLedger.entityLines[0].utf8)
        guard let expected else {
            #expect(throws: ValidationError.self) { try configured.append(input: line, recorder: nil) }
            #expect(try configured.logState().seq == 0)
            return
        }
        try configured.append(input: line, recorder: nil)
        #expect(try configured.record("1").recorder == expected)
        let fromGit = option?.isEmpty ?? true
        #expect(notices.lines.count == (fromGit ? 1 : 0))
        #expect(notices.lines.allSatisfy { $0.contains("\"\(expected)\"") })
    }

    @Test("open: the ledger at the options' path, with those options")
    func open() throws {
        let water = try WaterLedger()
        let ledger = try Ledger.open(options: Ledger.Options(ledgerPath: water.path, recorder: "Water Desk"))
        #expect(ledger.root.hasSuffix("/" + water.folder.url.lastPathComponent))
        #expect(ledger.options.recorder == "Water Desk")
        #expect(throws: (any Error).self) { try Ledger.open(options: .init(ledgerPath: water.path + "/missing")) }
    }

    @Test("segment bytes: a batch goes to a new segment once the last holds that many", arguments: [nil, 600, 2000])
    func segments(bytes: Int?) throws {
        let water = try WaterLedger()
        let ledger = Ledger(layout: water.ledger.layout, options: Ledger.Options(segmentBytes: bytes))
        // One batch per line: a batch is never split across segments.
        for line in WaterLedger.lines { try ledger.append(input: Array(line.utf8), recorder: "Water Desk") }
        let events = water.path + "/Events/"
        let segments = try FileManager.default.contentsOfDirectory(atPath: events).filter { $0.hasSuffix(".jsonl") }
            .sorted()
        let sizes = try segments.map { try Data(contentsOf: URL(fileURLWithPath: events + $0)).count }
        if let bytes {
            #expect(segments.count > 1)
            #expect(sizes.dropLast().allSatisfy { $0 >= bytes })
        } else {
            #expect(segments.count == 1)
        }
        let report = try ledger.verify()
        #expect(report.ok)
        #expect(report.records == Int64(WaterLedger.lines.count))
        #expect(report.segments == segments.count)
    }
}

/// Notices a ledger said, collected for a test.
final class NoticeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var said: [String] = []
    var lines: [String] { lock.withLock { said } }
    func add(_ line: String) { lock.withLock { said.append(line) } }
}
