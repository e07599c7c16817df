import AnnalsStore
import AnnalsSystem
import Foundation
import Testing

@Suite("The file-system and process layer")
struct FileSystemTests {
    @Test func aChildFillingBothPipesDoesNotDeadlock() throws {
        // 1 MiB to standard error before anything on standard output: reading stdout to its end
        // first would wait forever on a child blocked writing to a full stderr pipe.
        let script = "head -c 1048576 /dev/zero >&2; printf out; head -c 300000 /dev/zero >&2"
        let result = try ChildProcess.run(["sh", "-c", script])
        #expect(result.status == 0)
        #expect(result.output == Array("out".utf8))
        #expect(result.errors.count == 1_348_576)
    }

    @Test func exitStatusesSignalsAndMissingPrograms() throws {
        #expect(try ChildProcess.run(["sh", "-c", "echo why >&2; exit 3"]).status == 3)
        #expect(try ChildProcess.run(["sh", "-c", "echo why >&2; exit 3"]).errorText == "why")
        // SIGTERM even when the test runner blocks or ignores it: the child starts with defaults.
        let killed = try ChildProcess.run(["sh", "-c", "kill -TERM $$"]).status
        #expect(killed == 128 + 15, "status \(killed)")
        #expect(try ChildProcess.run(["sh", "-c", "kill -KILL $$"]).ending == "killed by signal 9")
        #expect {
            try ChildProcess.run(["annals-no-such-program-here"])
        } throws: { error in
            guard case StoreError.io(let path, "run", ENOENT) = error else { return false }
            return path == "annals-no-such-program-here" && "\(error)".contains("No such file")
        }
    }

    @Test func outputCanGoStraightToAFile() throws {
        let dir = try FileSystem.makeTemporaryDirectory("fs-test")
        defer { FileSystem.removeTree(dir) }
        let result = try ChildProcess.run(["sh", "-c", "seq 1 100000"], outputFile: dir + "/out")
        #expect(result.succeeded && result.output.isEmpty)
        let expected = (1...100_000).map(String.init).joined(separator: "\n") + "\n"
        #expect(try FileSystem.readPrefix(of: dir + "/out", count: 1 << 22) == Array(expected.utf8))
    }

    @Test func copyCompareAndRemove() throws {
        let dir = try FileSystem.makeTemporaryDirectory("fs-test")
        defer { FileSystem.removeTree(dir) }
        #expect(dir.contains("/annals-fs-test-") && FileSystem.exists(dir))
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/a"))
        try FileSystem.copy(dir + "/a", to: dir + "/b")
        #expect(try FileSystem.size(of: dir + "/b") == bytes.count)
        #expect(try FileSystem.contentsEqual(dir + "/a", dir + "/b"))
        try Data(bytes.dropLast() + [0]).write(to: URL(fileURLWithPath: dir + "/b"))
        #expect(try !FileSystem.contentsEqual(dir + "/a", dir + "/b"))
        try FileSystem.createDirectories(dir + "/x/y/z")
        try FileSystem.copy(dir + "/a", to: dir + "/x/y/z/c")
        #expect(Set(try FileSystem.entries(of: dir)) == ["a", "b", "x"])
        try FileSystem.remove(dir + "/a")
        try FileSystem.remove(dir + "/a")  // already gone: not an error
        FileSystem.removeTree(dir + "/x")
        #expect(!FileSystem.exists(dir + "/x"))
    }

    @Test func aCopyFromAMissingFileLeavesTheTargetAlone() throws {
        let dir = try FileSystem.makeTemporaryDirectory("fs-test")
        defer { FileSystem.removeTree(dir) }
        try Data("kept".utf8).write(to: URL(fileURLWithPath: dir + "/target"))
        #expect(throws: StoreError.self) { try FileSystem.copy(dir + "/missing", to: dir + "/target") }
        #expect(throws: StoreError.self) { try FileSystem.replace(dir + "/target", withCopyOf: dir + "/missing") }
        #expect(try FileSystem.readPrefix(of: dir + "/target", count: 100) == Array("kept".utf8))
        try Data("new bytes".utf8).write(to: URL(fileURLWithPath: dir + "/source"))
        try FileSystem.replace(dir + "/target", withCopyOf: dir + "/source")
        #expect(try FileSystem.readPrefix(of: dir + "/target", count: 100) == Array("new bytes".utf8))
        #expect(Set(try FileSystem.entries(of: dir)) == ["source", "target"], "no temporary file is left")
    }

    @Test func failuresNameThePathAndTheReason() throws {
        let dir = try FileSystem.makeTemporaryDirectory("fs-test")
        defer { FileSystem.removeTree(dir) }
        #expect {
            try FileSystem.copy(dir + "/missing", to: dir + "/b")
        } throws: { error in
            "\(error)".contains(dir + "/missing") && "\(error)".contains("No such file or directory")
        }
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        #expect {
            try FileSystem.createDirectories(dir + "/file/sub")
        } throws: { error in
            "\(error)".contains(dir + "/file") && "\(error)".contains("Not a directory")
        }
    }
}
