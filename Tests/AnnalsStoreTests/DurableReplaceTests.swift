import AnnalsSystem
import Foundation
import Synchronization
import Testing

/// The system layer's one replace-by-rename and its temporary names. That the file and its folder
/// are fsynced cannot be seen from here; what can: the new bytes in place, no temporary left, and
/// the old file whole after any failure.
@Suite("Durable replace and temporary paths")
struct DurableReplaceTests {
    private static func folder() throws -> String {
        try FileSystem.makeTemporaryDirectory("replace-test")
    }

    private static func text(_ path: String) throws -> String {
        String(decoding: try FileSystem.read(path), as: UTF8.self)
    }

    /// The four ways a file is replaced: each leaves the new bytes and nothing else in the folder.
    enum Way: String, CaseIterable, Sendable {
        case replace, writeAtomically, writeDurably, copy
    }

    @Test(arguments: Way.allCases)
    func theNewBytesAreInPlaceAndNoTemporaryIsLeft(_ way: Way) throws {
        let dir = try Self.folder()
        defer { FileSystem.removeTree(dir) }
        let target = dir + "/reservoir-levels.json"
        try FileSystem.writeAtomically(Array("old level".utf8), to: target)
        let fresh = Array("the new level: \(way)".utf8)
        switch way {
        case .replace:
            let temporary = TemporaryPath.unique(target + ".tmp")
            try FileSystem.writeAtomically(fresh, to: temporary)
            try FileSystem.replace(target, withTemporary: temporary)
        case .writeAtomically: try FileSystem.writeAtomically(fresh, to: target)
        case .writeDurably: try FileSystem.writeAtomically(fresh, to: target, durable: true)
        case .copy:
            try FileSystem.writeAtomically(fresh, to: dir + "/source")
            try FileSystem.replace(target, withCopyOf: dir + "/source")
            try FileSystem.remove(dir + "/source")
        }
        #expect(try FileSystem.read(target) == fresh)
        #expect(try FileSystem.entries(of: dir) == ["reservoir-levels.json"])
    }

    @Test func aFailedRenameLeavesTheOldTargetAndNoTemporary() throws {
        let dir = try Self.folder()
        defer { FileSystem.removeTree(dir) }
        // A folder that holds a file cannot be renamed over: the rename itself fails.
        let target = dir + "/pumping-station"
        try FileSystem.makeDirectory(target)
        try FileSystem.writeAtomically(Array("permit 7".utf8), to: target + "/permit")
        let temporary = TemporaryPath.unique(dir + "/pumping-station.tmp")
        try FileSystem.writeAtomically(Array("new".utf8), to: temporary)
        #expect(throws: StoreError.self) { try FileSystem.replace(target, withTemporary: temporary) }
        #expect(FileSystem.isDirectory(target))
        #expect(try Self.text(target + "/permit") == "permit 7")
        #expect(try FileSystem.entries(of: dir) == ["pumping-station"])
    }

    @Test func aMissingTemporaryLeavesTheOldFile() throws {
        let dir = try Self.folder()
        defer { FileSystem.removeTree(dir) }
        let target = dir + "/allocation.csv"
        try FileSystem.writeAtomically(Array("north,40\n".utf8), to: target)
        #expect(throws: StoreError.self) {
            try FileSystem.replace(target, withTemporary: dir + "/never-written.tmp")
        }
        #expect(try Self.text(target) == "north,40\n")
    }

    @Test func aRefusalJustBeforeTheRenameLeavesTheOldFile() throws {
        let dir = try Self.folder()
        defer { FileSystem.removeTree(dir) }
        let target = dir + "/allocation.csv"
        try FileSystem.writeAtomically(Array("north,40\n".utf8), to: target)
        #expect(throws: StoreError.self) {
            try FileSystem.writeAtomically(Array("south,60\n".utf8), to: target, durable: true) {
                () throws(StoreError) in
                throw StoreError.outputExists(path: target)
            }
        }
        #expect(try Self.text(target) == "north,40\n")
        #expect(try FileSystem.entries(of: dir) == ["allocation.csv"])
    }

    @Test func temporaryPathsAreUniqueAndInTheStemsFolder() throws {
        let stem = "/srv/water-board/.annals/projection.sqlite.tmp"
        let names = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let made = (0..<250).map { _ in TemporaryPath.unique(stem, suffix: ".jsonl.gz") }
            names.withLock { $0 += made }
        }
        let all = names.withLock { $0 }
        #expect(all.count == 1000)
        #expect(Set(all).count == 1000)
        for name in all {
            #expect(FilePath.parent(of: name) == "/srv/water-board/.annals")
            #expect(name.hasPrefix(stem + "-\(ProcessInfo.processInfo.processIdentifier)-"))
            #expect(name.hasSuffix(".jsonl.gz"))
        }
    }

    @Test func aWorkerThreadRunsItsClosureBeforeJoinReturns() throws {
        let done = Mutex(0)
        let threads = (1...4).map { n in WorkerThread.start { done.withLock { $0 += n } } }
        for thread in threads { thread.join() }
        #expect(done.withLock { $0 } == 10)
    }
}
