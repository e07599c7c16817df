import AnnalsStore
import AnnalsSystem
import Foundation

/// A scratch folder under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init(_ purpose: String) throws {
        path = try FileSystem.makeTemporaryDirectory(purpose)
    }

    func remove() { FileSystem.removeTree(path) }
}
