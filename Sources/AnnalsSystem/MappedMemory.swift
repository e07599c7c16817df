import Glibc

/// A file mapped into memory (`mmap`, shared): the store's name index is one.
public enum MappedMemory {
    /// Maps the first `bytes` of `file` for reading and writing, shared with the file.
    public static func map(_ file: PosixFile, bytes: Int) throws(StoreError) -> UnsafeMutableRawPointer {
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, file.fd, 0)
        guard let p, p != MAP_FAILED else { throw .io(path: file.path, operation: "map", errno: errno) }
        return p
    }

    /// Lets go of a mapping made by ``map(_:bytes:)``.
    public static func unmap(_ base: UnsafeMutableRawPointer, bytes: Int) {
        munmap(base, bytes)
    }

    /// Writes the first `bytes` of the mapping at `base` (of the file at `path`) to the disk.
    public static func sync(_ base: UnsafeMutableRawPointer, bytes: Int, path: String) throws(StoreError) {
        guard msync(base, bytes, MS_SYNC) == 0 else { throw .io(path: path, operation: "sync", errno: errno) }
    }

    /// Hands the mapping's pages back to the page cache (`MADV_DONTNEED`; what was written stays
    /// in the file), so memory stays bounded however large the file is.
    public static func release(_ base: UnsafeMutableRawPointer, bytes: Int) {
        madvise(base, bytes, MADV_DONTNEED)
    }
}
