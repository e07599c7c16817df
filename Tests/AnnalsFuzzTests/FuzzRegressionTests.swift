import AnnalsFuzzEvents
import AnnalsFuzzSnapshots
import Foundation
import Testing

/// Replays the fuzz seeds and every input the fuzzers ever found a crash with (Fixtures/), through
/// the same code the fuzzers run. A crash here is a regression.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func inputs(_ folder: String) throws -> [URL] {
        let dir = try #require(Bundle.module.url(forResource: "Fixtures/" + folder, withExtension: nil))
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).sorted {
            $0.path < $1.path
        }
    }

    @Test func eventInputs() throws {
        let files = try Self.inputs("events")
        #expect(files.count >= 6)
        for file in files { fuzzEvents(Array(try Data(contentsOf: file))) }
    }

    @Test func snapshotInputs() throws {
        let files = try Self.inputs("snapshots")
        #expect(files.count >= 2)
        for file in files { fuzzSnapshots(Array(try Data(contentsOf: file))) }
    }
}
